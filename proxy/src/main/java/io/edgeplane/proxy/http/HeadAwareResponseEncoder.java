package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

import java.util.Queue;

/**
 * Netty's response encoder told which responses answer HEAD (no body, even when the upstream's
 * headers say chunked), as HttpServerCodec's own encoder does; needed because the proxy pairs
 * its own strict decoder with this encoder instead of using HttpServerCodec.
 */
final class HeadAwareResponseEncoder extends HttpResponseEncoder {

    private final Queue<HttpMethod> methods;
    private HttpMethod method;

    HeadAwareResponseEncoder(Queue<HttpMethod> methods) {
        this.methods = methods;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (msg.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            method = methods.poll();
        }
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }

    /** The next final response is written without this encoder; forget the method it answers. */
    void skipResponse() {
        methods.poll();
    }
}
