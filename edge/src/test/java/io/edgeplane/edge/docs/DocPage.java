package io.edgeplane.edge.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Markdown page of docs/ read as its fenced code blocks, in order. */
record DocPage(Path path, List<DocBlock> blocks) {

    static DocPage read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        List<DocBlock> blocks = new ArrayList<>();
        String name = path.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            String info = line.substring(3).strip();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError(name + ":" + (i + 1) + ": unclosed code block");
            }
            blocks.add(new DocBlock(name, i + 1, info, List.copyOf(lines.subList(start, end))));
            i = end;
        }
        return new DocPage(path, blocks);
    }
}
