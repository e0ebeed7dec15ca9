package io.edgeplane.edge.control;

import io.edgeplane.conf.Problem;
import io.edgeplane.conf.check.ConfigValidator;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.Registry;
import io.edgeplane.conf.yaml.InventoryParser;
import io.edgeplane.conf.yaml.NodeReader;
import io.edgeplane.conf.yaml.ServicesParser;
import io.edgeplane.conf.yaml.SourceMap;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The writing endpoints. Each change goes through {@link Registry#update}, so it is applied to
 * whatever is current when it commits (two containers added at once both land), and it returns
 * only after the registry has the new revision on disk: a 2xx is durable. These block on the
 * disk and run on virtual threads, never on an event loop.
 *
 * <p>Bodies are read by the files' own parsers and checked with the same cross-checks, located
 * in the body where possible, so an error reads as {@code edge check} would print it.
 */
final class RegistryChanges {

    private final Registry registry;

    RegistryChanges(Registry registry) {
        this.registry = registry;
    }

    /** {@code PUT /v1/services}: replaces the services; containers and servers stay. */
    ApiResponse putServices(String body) {
        List<Problem> problems = new ArrayList<>();
        SourceMap sources = SourceMap.empty();
        Services services = new ServicesParser(new NodeReader("service.yml", problems, sources)).parse(body);
        return commit(problems, sources, now -> new Config(now.settings(), services, now.inventory()));
    }

    /** {@code PUT /v1/inventory}: replaces servers, containers and databases. */
    ApiResponse putInventory(String body) {
        List<Problem> problems = new ArrayList<>();
        SourceMap sources = SourceMap.empty();
        Inventory inventory = new InventoryParser(new NodeReader("inventory.yml", problems, sources)).parse(body);
        return commit(problems, sources, now -> new Config(now.settings(), now.services(),
                inventory.keepingSlicesOf(now.inventory())));
    }

    /** {@code POST /v1/containers}: adds a container, or replaces the one with its id (so a retry is harmless). */
    ApiResponse addContainer(String body) {
        ContainerBody.Parsed parsed = ContainerBody.parse(body);
        if (parsed.container() == null) {
            return ApiResponse.problems(HttpResponseStatus.BAD_REQUEST, "invalid container", parsed.problems());
        }
        Container added = parsed.container();
        AtomicBoolean existed = new AtomicBoolean();
        ApiResponse response = commit(new ArrayList<>(parsed.problems()), SourceMap.empty(), now -> {
            List<Container> containers = new ArrayList<>(now.inventory().containers());
            existed.set(containers.removeIf(c -> c.id().equals(added.id())));
            containers.add(added);
            return withContainers(now, containers);
        });
        return response.status().equals(HttpResponseStatus.OK) && !existed.get()
                ? new ApiResponse(HttpResponseStatus.CREATED, response.contentType(), response.body()) : response;
    }

    /** {@code DELETE /v1/containers/{id}}: 404 when there is no such container. */
    ApiResponse removeContainer(String id) {
        AtomicBoolean found = new AtomicBoolean();
        ApiResponse response = commit(new ArrayList<>(), SourceMap.empty(), now -> {
            List<Container> containers = new ArrayList<>(now.inventory().containers());
            found.set(containers.removeIf(c -> c.id().equals(id)));
            return withContainers(now, containers);
        });
        return found.get() ? response : ApiResponse.error(HttpResponseStatus.NOT_FOUND, "no container " + id);
    }

    private static Config withContainers(Config now, List<Container> containers) {
        Inventory i = now.inventory();
        return new Config(now.settings(), now.services(), new Inventory(i.servers(), containers, i.databases()));
    }

    /**
     * Commits {@code change} unless the body had errors or the changed whole fails the
     * cross-checks; the checks run inside the update so they see what is current at commit.
     */
    private ApiResponse commit(List<Problem> problems, SourceMap sources, Function<Config, Config> change) {
        if (problems.stream().anyMatch(Problem::isError)) {
            return ApiResponse.problems(HttpResponseStatus.UNPROCESSABLE_ENTITY, "configuration rejected", errorsFirst(problems));
        }
        AtomicReference<List<Problem>> crossProblems = new AtomicReference<>(List.of());
        ApplyResult result;
        try {
            result = registry.update(now -> {
                Config candidate = change.apply(now);
                List<Problem> found = ConfigValidator.validate(candidate, sources);
                crossProblems.set(found);
                return found.stream().anyMatch(Problem::isError) ? now : candidate;
            });
        } catch (UncheckedIOException e) {
            return ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (IllegalStateException e) {
            return ApiResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(crossProblems.get());
        if (all.stream().anyMatch(Problem::isError)) {
            return ApiResponse.problems(HttpResponseStatus.UNPROCESSABLE_ENTITY, "configuration rejected", errorsFirst(all));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        switch (result) {
            case ApplyResult.Applied applied -> {
                body.put("revision", applied.snapshot().revision());
                body.put("changed", true);
                body.put("change", applied.change().describe());
            }
            case ApplyResult.Unchanged unchanged -> {
                body.put("revision", unchanged.snapshot().revision());
                body.put("changed", false);
            }
            case ApplyResult.Rejected rejected -> {
                return ApiResponse.problems(HttpResponseStatus.UNPROCESSABLE_ENTITY, "configuration rejected",
                        rejected.errors());
            }
        }
        body.put("warnings", all.stream().map(Problem::format).toList());
        return ApiResponse.json(HttpResponseStatus.OK, body);
    }

    private static List<Problem> errorsFirst(List<Problem> problems) {
        List<Problem> sorted = new ArrayList<>(problems.stream().filter(Problem::isError).toList());
        sorted.addAll(problems.stream().filter(p -> !p.isError()).toList());
        return sorted;
    }
}
