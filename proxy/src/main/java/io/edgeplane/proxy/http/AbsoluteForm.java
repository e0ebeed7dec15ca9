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

    /** An absolute-form target taken apart: the authority for Host, and the origin-form target. */
    record Parts(String authority, String originTarget) {
    }

    private AbsoluteForm() {
    }

    /** Rewrites an absolute-form request in place; false when the target is not a usable URI. */
    static boolean toOriginForm(HttpRequest request) {
        Parts parts = split(request.uri());
        if (parts == null) {
            return false;
        }
        request.setUri(parts.originTarget());
        request.headers().set(HttpHeaderNames.HOST, parts.authority());
        return true;
    }

    /** The parts of an {@code http://} or {@code https://} target, or null when it is not a usable URI. */
    static Parts split(String target) {
        if (!(target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8))) {
            return null;
        }
        try {
            URI uri = new URI(target);
            if (uri.getRawAuthority() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new Parts(uri.getRawAuthority(), uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
