package dev.flotilla.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A TCP proxy between the agents and the meta-controller replicas, as a load balancer with a network the test
 * controls. Each new connection goes to the next replica that accepts it (round robin, skipping replicas that
 * refuse, as a load balancer's health check would). {@link #set(Fault)} changes what the network does to every
 * connection from then on: {@link Fault#CUT} closes connections at once (and severs the open ones),
 * {@link Fault#DELAY} holds every chunk for a second in both directions, {@link Fault#TRUNCATE} lets requests
 * through but closes the connection after the first bytes of the answer, so the meta-controller did the work and
 * the agent never learns it.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { NONE, CUT, DELAY, TRUNCATE }

    static final long DELAY_MILLIS = 1000;
    private static final int TRUNCATE_AFTER_BYTES = 40;

    private final IntSupplier[] backends;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private volatile Fault fault = Fault.NONE;

    /** @param backends the replicas' ports, read at each connection (a restarted replica may move) */
    FaultProxy(List<IntSupplier> backends) {
        this.backends = backends.toArray(IntSupplier[]::new);
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptLoop);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Changes what the network does from now on; {@link Fault#CUT} also severs every open connection. */
    void set(Fault fault) {
        this.fault = fault;
        if (fault == Fault.CUT) {
            open.forEach(FaultProxy::closeQuietly);
        }
    }

    /** Connections accepted so far. */
    long connections() {
        return connections.get();
    }

    /** Answers cut off after their first bytes. */
    long truncated() {
        return truncated.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (fault == Fault.CUT) {
                    closeQuietly(client);
                    continue;
                }
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    sleep(10);
                }
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream = openUpstream();
        if (upstream == null) {
            closeQuietly(client); // no replica answers: the caller sees the connection refused
            return;
        }
        open.add(client);
        open.add(upstream);
        threads.execute(() -> pump(client, upstream, false));
        pump(upstream, client, true);
    }

    private Socket openUpstream() {
        for (int tries = 0; tries < backends.length; tries++) {
            int port = backends[Math.floorMod(next.getAndIncrement(), backends.length)].getAsInt();
            if (port <= 0) {
                continue;
            }
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return socket;
            } catch (IOException refused) {
                // that replica is down: try the next
            }
        }
        return null;
    }

    /** Copies one direction until either side closes; answers ({@code response}) are what TRUNCATE cuts. */
    private void pump(Socket from, Socket to, boolean response) {
        byte[] buffer = new byte[16 * 1024];
        long sent = 0;
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Fault now = fault;
                if (now == Fault.CUT) {
                    return;
                }
                if (now == Fault.DELAY) {
                    sleep(DELAY_MILLIS);
                }
                if (response && now == Fault.TRUNCATE && sent + n > TRUNCATE_AFTER_BYTES) {
                    out.write(buffer, 0, (int) Math.max(0, TRUNCATE_AFTER_BYTES - sent));
                    out.flush();
                    truncated.incrementAndGet();
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
                sent += n;
            }
        } catch (IOException closed) {
            // one side went away: the other is closed with it
        } finally {
            open.remove(from);
            open.remove(to);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
