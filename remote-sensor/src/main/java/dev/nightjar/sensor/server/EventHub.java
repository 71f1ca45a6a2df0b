package dev.nightjar.sensor.server;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where collectors publish: fans each event out to the bounded queue of every
 * subscription whose targets accept it (its kind, and its own filter: the kernel
 * delivers the union of all streams' filters, see {@link StreamFilter}).
 *
 * <p>The hub has no queue of its own: {@link #publish} offers directly to each
 * subscription (a few non-blocking queue offers) and asks for a drain, so a
 * collector is never blocked and the only place an event can be dropped is a
 * full subscription queue, counted there as LOSS_STAGE_STREAM. With no
 * subscription interested, an event goes nowhere; that is not a loss, nobody
 * asked for it.
 */
public final class EventHub implements EventSink {

    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong rejected = new AtomicLong();

    @Override
    public void publish(SensorEvent event) {
        EventKind kind = PayloadKind.of(event).map(PayloadKind::subscription).orElse(EventKind.EVENT_KIND_UNSPECIFIED);
        if (kind == EventKind.EVENT_KIND_UNSPECIFIED) {
            // Info, heartbeats and loss reports are the server's; a collector sending one is a bug.
            if (rejected.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "a collector published a {0} event; ignored (logged once)",
                        event.getPayloadCase());
            }
            return;
        }
        for (Subscription subscription : subscriptions) {
            if (subscription.offer(event, kind)) {
                subscription.requestDrain();
            }
        }
    }

    /** Adds the subscription unless {@code max} are already open; returns whether it was added. */
    synchronized boolean add(Subscription subscription, int max) {
        if (subscriptions.size() >= max) {
            return false;
        }
        subscriptions.add(subscription);
        return true;
    }

    void remove(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** The open subscription with this id, or null. */
    Subscription find(long id) {
        for (Subscription subscription : subscriptions) {
            if (subscription.id() == id) {
                return subscription;
            }
        }
        return null;
    }

    public int subscriberCount() {
        return subscriptions.size();
    }

    /** The most events any current subscription's queue has held at once. */
    public int highWaterMark() {
        return subscriptions.stream().mapToInt(Subscription::highWaterMark).max().orElse(0);
    }

    /** Ends every stream normally (shutdown). */
    void completeAll() {
        for (Subscription subscription : subscriptions) {
            subscriptions.remove(subscription);
            subscription.complete();
        }
    }
}
