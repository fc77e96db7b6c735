package dev.flotilla.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: a stand-in for a server that is down. The
 * port stays bound by a socket that never listens (without SO_REUSEADDR), so connections to it are refused at once
 * and no server started meanwhile can be given it. A port merely opened and closed again is free for the next bind:
 * a server the test starts later could get it and answer where nothing should.
 */
public final class RefusedPort implements AutoCloseable {

    private final Socket socket;

    private RefusedPort(Socket socket) {
        this.socket = socket;
    }

    public static RefusedPort open() throws IOException {
        Socket socket = new Socket();
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new RefusedPort(socket);
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
