package ledger.bench.common;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection to a loopback port, used by one thread at a time: write a whole request in
 * one system call, read the whole response (Content-Length or chunked). Deliberately minimal so that on a
 * 2-core machine, where the load generator shares the CPU with the servers, the client costs as little as
 * possible and the numbers describe the servers.
 *
 * <p>When the server closes the connection after a response, the client opens a new one at once (counted by
 * {@link #reconnects()}). After an I/O error it replaces the connection before throwing, so the caller decides
 * whether to go on; if no new connection could be made, {@link #connected()} is false and the next exchange
 * tries to connect again.
 */
public final class KeepAliveClient implements AutoCloseable {

    /** A response: its status and body. */
    public record Response(int status, byte[] body) {
    }

    private final int port;
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private int reconnects;

    public KeepAliveClient(final int port) throws IOException {
        this.port = port;
        connect();
    }

    private void connect() throws IOException {
        close();
        final Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setSoTimeout(30_000); // CloudPayments' own limit; a stuck server shows as an error, not a hang
            fresh.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            out = fresh.getOutputStream();
            in = new BufferedInputStream(fresh.getInputStream(), 16 * 1024);
        } catch (final IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
    }

    /** How often the server closed the connection after a response and a new one was opened. */
    public int reconnects() {
        return reconnects;
    }

    /** Whether there is a connection to send the next request over (false after a failed reconnect). */
    public boolean connected() {
        return socket != null;
    }

    /**
     * Sends {@code request} (a complete HTTP/1.1 request) and reads the response. On an I/O error the connection is
     * replaced, then the error is thrown (with the reconnect's failure attached, if that failed too).
     */
    public Response exchange(final byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return exchangeOnce(request);
        } catch (final IOException e) {
            try {
                connect();
            } catch (final IOException reconnect) {
                e.addSuppressed(reconnect);
            }
            throw e;
        }
    }

    private Response exchangeOnce(final byte[] request) throws IOException {
        out.write(request);
        out.flush();
        final String statusLine = readLine();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        final int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            final int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            final String name = header.substring(0, colon).trim();
            final String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        final byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new EOFException("connection closed inside a response body");
            }
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            reconnects++;
            connect();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            final String sizeLine = readLine();
            final int semicolon = sizeLine.indexOf(';');
            final int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            final byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            readLine();
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            final int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                final int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    /** A POST with the given headers and body, as one byte array. */
    public static byte[] post(final int port, final String path, final String contentType, final String hmac, final byte[] body) {
        final String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-HMAC: " + hmac + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n";
        final byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        final byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A GET asking for JSON, as one byte array. */
    public static byte[] get(final int port, final String path) {
        return get(port, path, null);
    }

    /** A GET with {@code Authorization: Bearer <token>} when {@code token} is not null. */
    public static byte[] get(final int port, final String path, final String token) {
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Accept: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
