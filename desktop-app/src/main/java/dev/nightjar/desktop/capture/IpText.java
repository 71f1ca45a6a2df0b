package dev.nightjar.desktop.capture;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Network-order address bytes from the wire (4 or 16) as text; empty when unknown. */
public final class IpText {

    private IpText() {
    }

    public static String of(ByteString address) {
        int n = address.size();
        if (n != 4 && n != 16) {
            return "";
        }
        try {
            return InetAddress.getByAddress(address.toByteArray()).getHostAddress();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
