package dev.nightjar.desktop.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Works around a deadlock in fabric8's mock API server (kubernetes-server-mock 8.0.0): when a
 * client closes a watch while the server is sending it an event, the watch's {@code onClosed}
 * waits on the Vert.x event loop for its sender thread, and the sender waits up to 30 s for a
 * write that only that event loop can complete. Every other request on that loop stalls too,
 * so a test's deletes "were not confirmed in time". This wrapper runs a watch's
 * {@code onClosed}/{@code onFailure} on a thread of its own; everything else is passed through.
 * The real API server has no such wait, so the app's behaviour under test is unchanged.
 */
final class WatchClosesOffTheEventLoop extends Dispatcher {

    private final Dispatcher delegate;

    WatchClosesOffTheEventLoop(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = delegate.dispatch(request);
        WebSocketListener listener = response == null ? null : response.getWebSocketListener();
        return listener == null ? response : response.withWebSocketUpgrade(new ClosingElsewhere(listener));
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void releaseResources() {
        delegate.releaseResources();
    }

    private static final class ClosingElsewhere extends WebSocketListener {
        private final WebSocketListener listener;

        ClosingElsewhere(WebSocketListener listener) {
            this.listener = listener;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            listener.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            listener.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            listener.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            listener.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            listener.onMessage(webSocket, bytes);
        }

        @Override
        public void onPing(WebSocket webSocket, byte[] bytes) {
            listener.onPing(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            listener.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            Thread.ofPlatform().daemon().name("mock-watch-closed")
                    .start(() -> listener.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            Thread.ofPlatform().daemon().name("mock-watch-failed")
                    .start(() -> listener.onFailure(webSocket, failure, response));
        }
    }
}
