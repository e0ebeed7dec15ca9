package io.edgeplane.perf.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP/1.1 client on one connection: {@code GET} with keep-alive (or a new connection per
 * request with {@code close}), reading the whole response (Content-Length, chunked, or until the
 * connection closes). A status outside 2xx/3xx is an error, and so is a connection closed before
 * the response: a proxy that closes an idle keep-alive connection during a deploy shows up here.
 * HTTPS trusts any certificate (edge's self-signed fallback) and sends the Host header as SNI.
 */
final class HttpExchange implements Exchange {

    private static final SSLContext TRUST_ALL = trustAll();

    private final InetSocketAddress address;
    private final boolean tls;
    private final String sniHost;
    private final byte[] request;
    private final int timeoutMillis;
    private final byte[] skipBuffer = new byte[16384];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean connectError;

    HttpExchange(URI url, String hostHeader, boolean close, int timeoutMillis) {
        this.tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        this.address = new InetSocketAddress(url.getHost(), port);
        String host = hostHeader != null ? hostHeader : url.getRawAuthority();
        this.sniHost = host.replaceFirst(":\\d+$", "");
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: edge-perf-load\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String exchange() {
        connectError = false;
        if (socket == null) {
            try {
                connect();
            } catch (SocketTimeoutException e) {
                connectError = true;
                return "connect timeout";
            } catch (ConnectException e) {
                connectError = true;
                return "connect refused";
            } catch (SSLException e) {
                return "tls handshake";
            } catch (IOException e) {
                connectError = true;
                return "connect " + e.getClass().getSimpleName();
            }
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (SocketTimeoutException e) {
            close();
            return "timeout";
        } catch (EOFException e) {
            close();
            return "closed before response end";
        } catch (IOException e) {
            close();
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("reset") ? "reset" : m.contains("broken pipe") ? "broken pipe" : "io " + e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            close();
            return "bad response";
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            if (tls) {
                SSLSocket t = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(s, sniHost, address.getPort(), true);
                SSLParameters p = t.getSSLParameters();
                if (!sniHost.isEmpty() && !Character.isDigit(sniHost.charAt(sniHost.length() - 1))) {
                    p.setServerNames(List.of(new SNIHostName(sniHost)));
                }
                t.setSSLParameters(p);
                t.startHandshake();
                s = t;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 65536);
        out = s.getOutputStream();
    }

    /** Reads one response; null when its status is 2xx or 3xx. */
    private String readResponse() throws IOException {
        String status = readLine();
        if (status == null) {
            close();
            return "closed before response";
        }
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            close();
            return "bad status line";
        }
        int code = Integer.parseInt(status.substring(9, 12));
        boolean http10 = status.startsWith("HTTP/1.0");
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = http10;
        for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closeAfter = value.contains("close") || (http10 && !value.contains("keep-alive"));
                default -> { }
            }
        }
        if (code == 204 || code == 304 || code / 100 == 1) {
            length = 0;
        }
        if (chunked) {
            readChunked();
        } else if (length >= 0) {
            skip(length);
        } else {
            while (in.read(skipBuffer) >= 0) {
                // no length: the body ends with the connection
            }
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return code >= 200 && code < 400 ? null : "status " + code;
    }

    private void readChunked() throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException();
            }
            int semi = line.indexOf(';');
            long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) {
                for (String t = readLine(); t != null && !t.isEmpty(); t = readLine()) {
                    // trailers
                }
                return;
            }
            skip(size);
            readLine();
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skipBuffer, 0, (int) Math.min(n, skipBuffer.length));
            if (r < 0) {
                throw new EOFException();
            }
            n -= r;
        }
    }

    /** A line without its CR LF; null at the end of the stream before any byte. */
    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
        if (b.isEmpty()) {
            return null;
        }
        throw new EOFException();
    }

    @Override
    public boolean lastWasConnectError() {
        return connectError;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
