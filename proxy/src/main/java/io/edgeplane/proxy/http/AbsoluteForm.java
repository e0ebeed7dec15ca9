package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A request target in absolute form ({@code GET http://host/path}) names the host itself and
 * RFC 9112 §3.2.2 says it wins over the Host header. The proxy routes by Host, so it makes the
 * two agree: Host becomes the target's authority and the target becomes origin form, which is
 * also what the container will see. Anything else that is not origin form is refused.
 */
final class AbsoluteForm {

    private AbsoluteForm() {
    }

    /** Rewrites an absolute-form request in place; false when the target is not a usable URI. */
    static boolean toOriginForm(HttpRequest request) {
        String target = request.uri();
        if (!(target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8))) {
            return false;
        }
        try {
            URI uri = new URI(target);
            if (uri.getRawAuthority() == null || uri.getRawUserInfo() != null) {
                return false;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            request.setUri(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
            request.headers().set(HttpHeaderNames.HOST, uri.getRawAuthority());
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
