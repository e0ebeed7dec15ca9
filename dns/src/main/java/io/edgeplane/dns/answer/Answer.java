package io.edgeplane.dns.answer;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * What the central says to one question. {@code dependsOnCaller} decides the ECS scope of the
 * response: a full-length prefix when another caller could get something else, /0 otherwise.
 */
public record Answer(int rcode, List<Record> answers, List<Record> authority, boolean dependsOnCaller) {

    public Answer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
    }
}
