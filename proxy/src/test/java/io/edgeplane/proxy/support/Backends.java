package io.edgeplane.proxy.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/** WireMock servers standing in for containers. */
public final class Backends {

    private Backends() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(12)
                .jettyAcceptors(1)
                .disableRequestJournal());
        server.start();
        return server;
    }

    /** A container that answers every request 200 with its name as body and X-Backend header. */
    public static WireMockServer named(String name) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(12)
                .jettyAcceptors(1));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Backend", name).withBody(name)));
        return server;
    }
}
