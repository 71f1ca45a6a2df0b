package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.AppProtocol;
import java.util.List;

/**
 * Optional for a {@link SocketChunkSink}: the protocols it parses, which the capture reports in
 * GetInfo (RequestCapture.protocols). A sink that does not implement it reports none.
 */
public interface RequestProtocols {

    List<AppProtocol> protocols();
}
