package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.job.Plural;
import io.clipbatch.udfs.input.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Reads lines on stdin and prints each one's token ids as a JSON array, one line per line "
                + "(an empty line included); the count of texts cut at the context length goes to stderr.")
public final class TokenizeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        Bundle bundle = model.load();
        TextTokens tokens = new TextTokens(bundle);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = in.readLine();
        for (String line = first == null ? null : TextFiles.withoutByteOrderMark(first); line != null;
                line = in.readLine()) {
            int[] ids = tokens.tokenize(line);
            out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")));
        }
        out.flush();
        System.err.println("clip-batch: " + Plural.of(tokens.texts(), "text") + " tokenized" + tokens.truncationNote());
        return 0;
    }
}
