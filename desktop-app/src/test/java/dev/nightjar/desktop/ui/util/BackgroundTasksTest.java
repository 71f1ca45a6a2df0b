package dev.nightjar.desktop.ui.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackgroundTasksTest {

    private static final String UI = "ui-thread-stand-in";

    /** Runs each task on a fresh thread named like the UI thread, so the test can see where callbacks ran. */
    private final Executor uiThread = command -> {
        Thread t = new Thread(command, UI);
        t.start();
    };

    @Test
    void workRunsInTheBackgroundAndTheResultArrivesOnTheUiThread() throws Exception {
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<String> callbackThread = new CompletableFuture<>();
        try (BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(uiThread)) {
            tasks.run(() -> {
                workThread.complete(Thread.currentThread().getName());
                return 42;
            }, result -> callbackThread.complete(Thread.currentThread().getName() + ":" + result),
                    e -> callbackThread.completeExceptionally(e));
            assertThat(callbackThread.get(5, TimeUnit.SECONDS)).isEqualTo(UI + ":42");
            assertThat(workThread.get(5, TimeUnit.SECONDS)).isEqualTo("nightjar-background");
        }
    }

    @Test
    void aFailureArrivesOnTheUiThreadWithItsCause() throws Exception {
        CompletableFuture<String> failure = new CompletableFuture<>();
        try (BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(uiThread)) {
            tasks.<Integer>run(() -> {
                throw new IOException("capture.njcap: permission denied");
            }, result -> failure.complete("unexpected success"),
                    e -> failure.complete(Thread.currentThread().getName() + ":" + e.getMessage()));
            assertThat(failure.get(5, TimeUnit.SECONDS)).isEqualTo(UI + ":capture.njcap: permission denied");
        }
    }

    @Test
    void aResultThatArrivesAfterCancelGoesToTheDropActionOffTheUiThreadNotToSuccess() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> dropped = new CompletableFuture<>();
        AtomicBoolean succeeded = new AtomicBoolean();
        try (BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(uiThread)) {
            BackgroundTask task = tasks.run(t -> {
                working.countDown();
                release.await(5, TimeUnit.SECONDS);
                return "a connection";
            }, result -> succeeded.set(true), e -> succeeded.set(true),
                    unwanted -> dropped.complete(Thread.currentThread().getName() + ":" + unwanted));
            assertThat(working.await(5, TimeUnit.SECONDS)).isTrue();
            task.cancel();
            release.countDown();
            assertThat(dropped.get(5, TimeUnit.SECONDS)).isEqualTo("nightjar-background:a connection");
            assertThat(succeeded).isFalse();
        }
    }

    @Test
    void workCancelledBeforeItStartsNeverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(), uiThread)) {
            CountDownLatch busy = new CountDownLatch(1);
            tasks.run(() -> busy.await(5, TimeUnit.SECONDS), ok -> { }, e -> { });
            BackgroundTask queued = tasks.run(() -> ran.getAndSet(true), ok -> { }, e -> { });
            queued.cancel();
            busy.countDown();
            CompletableFuture<Boolean> after = new CompletableFuture<>();
            tasks.run(() -> true, after::complete, after::completeExceptionally);
            assertThat(after.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).as("the cancelled work never started").isFalse();
        }
    }
}
