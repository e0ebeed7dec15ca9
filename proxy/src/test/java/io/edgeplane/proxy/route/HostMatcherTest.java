package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.ServerName;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostMatcherTest {

    private static HostMatcher<String> matcher(Object... targetsAndNames) {
        HostMatcher.Builder<String> b = HostMatcher.builder();
        for (int i = 0; i < targetsAndNames.length; i += 2) {
            b.add((String) targetsAndNames[i], Names.list((String[]) targetsAndNames[i + 1]));
        }
        return b.build();
    }

    private static String[] n(String... names) {
        return names;
    }

    @Test
    void exactBeatsEveryWildcardAndRegex() {
        HostMatcher<String> m = matcher(
                "regex", n("~^app\\.example\\.com$"),
                "leading", n("*.example.com"),
                "trailing", n("app.example.*"),
                "all", n("_"),
                "exact", n("app.example.com"));
        assertEquals("exact", m.match("app.example.com"));
    }

    @Test
    void longestLeadingWildcardWins() {
        HostMatcher<String> m = matcher(
                "short", n("*.example.com"),
                "long", n("*.api.example.com"));
        assertEquals("long", m.match("v1.api.example.com"));
        assertEquals("short", m.match("www.example.com"));
        assertEquals("short", m.match("a.b.c.example.com"));
        assertNull(m.match("example.com"), "*.example.com does not match example.com itself");
    }

    @Test
    void leadingWildcardBeatsTrailingWildcard() {
        HostMatcher<String> m = matcher(
                "trailing", n("www.example.*"),
                "leading", n("*.example.com"));
        assertEquals("leading", m.match("www.example.com"));
        assertEquals("trailing", m.match("www.example.org"));
    }

    @Test
    void longestTrailingWildcardWins() {
        HostMatcher<String> m = matcher(
                "short", n("www.*"),
                "long", n("www.example.*"));
        assertEquals("long", m.match("www.example.net"));
        assertEquals("short", m.match("www.other.net"));
    }

    @Test
    void trailingWildcardBeatsRegex() {
        HostMatcher<String> m = matcher(
                "regex", n("~^www\\."),
                "trailing", n("www.example.*"));
        assertEquals("trailing", m.match("www.example.io"));
        assertEquals("regex", m.match("www.other.io"));
    }

    @Test
    void firstRegexInFileOrderWins() {
        HostMatcher<String> m = matcher(
                "first", n("~^api\\d+\\.example\\.com$"),
                "second", n("~^api"));
        assertEquals("first", m.match("api12.example.com"));
        assertEquals("second", m.match("api.example.com"));
    }

    @Test
    void regexBeatsCatchAll() {
        HostMatcher<String> m = matcher(
                "all", n("_"),
                "regex", n("~\\.internal$"));
        assertEquals("regex", m.match("db.internal"));
        assertEquals("all", m.match("anything.else"));
    }

    @Test
    void catchAllBeatsTheUnnamedService() {
        HostMatcher<String> m = matcher(
                "unnamed", n(),
                "all", n("_"));
        assertEquals("all", m.match("whatever.example"));
    }

    @Test
    void loneUnnamedServiceTakesWhatNothingElseMatches() {
        HostMatcher<String> m = matcher(
                "named", n("app.example.com"),
                "unnamed", n());
        assertEquals("named", m.match("app.example.com"));
        assertEquals("unnamed", m.match("other.example.com"));
        assertEquals("unnamed", m.match(""));
    }

    @Test
    void twoUnnamedServicesMeanNoDefault() {
        HostMatcher<String> m = matcher(
                "a", n(),
                "b", n(),
                "named", n("app.example.com"));
        assertNull(m.match("other.example.com"));
        assertEquals("named", m.match("app.example.com"));
    }

    @Test
    void nothingMatchesGivesNull() {
        HostMatcher<String> m = matcher("named", n("app.example.com", "*.example.org"));
        assertNull(m.match("example.net"));
    }

    @Test
    void dottedNameIsExactForItselfAndLeadingWildcardBelow() {
        HostMatcher<String> m = matcher(
                "dotted", n(".example.com"),
                "longer", n("*.api.example.com"),
                "regex", n("~^example\\.com$"));
        assertEquals("dotted", m.match("example.com"), "counts as exact: beats a regex");
        assertEquals("dotted", m.match("www.example.com"));
        assertEquals("longer", m.match("v2.api.example.com"), "a longer leading wildcard still wins");
    }

    @Test
    void dottedNameLosesToAnExactName() {
        HostMatcher<String> m = matcher(
                "dotted", n(".example.com"),
                "exact", n("www.example.com"));
        assertEquals("exact", m.match("www.example.com"));
    }

    @Test
    void firstClaimOfADuplicateNameKeepsIt() {
        HostMatcher<String> m = matcher(
                "first", n("app.example.com", "*.example.org"),
                "second", n("app.example.com", "*.example.org"));
        assertEquals("first", m.match("app.example.com"));
        assertEquals("first", m.match("x.example.org"));
    }

    @Test
    void serviceWithSeveralNamesMatchesAny() {
        HostMatcher<String> m = matcher("web", n("a.example.com", "*.b.example.com", "c.example.*"));
        for (String host : List.of("a.example.com", "x.b.example.com", "c.example.de")) {
            assertEquals("web", m.match(host), host);
        }
    }

    @Test
    void matchingWorksOnNormalisedHeaders() {
        HostMatcher<String> m = matcher("web", n("App.Example.com"));
        assertEquals("web", m.match(ServerName.normalise("APP.EXAMPLE.COM.:8080")));
    }

    @Test
    void wildcardsMatchAnyDepthAndTheLongestStemWinsAmongMany() {
        HostMatcher.Builder<String> b = HostMatcher.builder();
        for (int i = 0; i < 50; i++) {
            b.add("svc" + i, Names.list("*.svc" + i + ".example.net", "www" + i + ".example.*"));
        }
        b.add("net", Names.list("*.net"));
        b.add("co", Names.list("www7.example.co.*"));
        HostMatcher<String> m = b.build();
        assertEquals("svc7", m.match("a.b.c.svc7.example.net"));
        assertEquals("net", m.match("a.svc70.example.net"));
        assertEquals("svc9", m.match("www9.example.co.uk"));
        assertEquals("co", m.match("www7.example.co.uk"));
        assertNull(m.match("svc7.example.org"));
        assertNull(m.match("www9.example."));
    }
}
