package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.ServerName;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HostNamesTest {

    @Test
    void normalFormIsReturnedAsIs() {
        String host = "app.example.com";
        assertSame(host, ServerName.normalise(host));
    }

    @Test
    void lowerCasesAndStripsPortAndTrailingDot() {
        assertEquals("app.example.com", ServerName.normalise("App.Example.COM"));
        assertEquals("app.example.com", ServerName.normalise("app.example.com:8080"));
        assertEquals("app.example.com", ServerName.normalise("APP.example.com.:443"));
        assertEquals("app.example.com", ServerName.normalise("app.example.com."));
    }

    @Test
    void ipv6LiteralsKeepTheirColons() {
        assertEquals("[::1]", ServerName.normalise("[::1]:8080"));
        assertEquals("[fe80::1]", ServerName.normalise("[FE80::1]"));
        assertEquals("::1", ServerName.normalise("::1"));
    }

    @Test
    void absentHostIsEmpty() {
        assertEquals("", ServerName.normalise(null));
        assertEquals("", ServerName.normalise(""));
    }
}
