package io.scamp.cli;

import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.CacheFileFormat;
import io.scamp.discovery.InvalidRecordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code scamp inspect FILE}: verifies every record of a cache file and prints each failure
 * with its reason (a record that is not UTF-8 text is one such failure; the file is read as
 * bytes, so it does not stop the others being verified). Exit 0 when all verify, 1 when any fails, 4 when the file cannot be read.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Verify every record of a discovery cache file.")
final class InspectCommand implements Callable<Integer> {
    static final int SOME_FAILED = 1;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        List<CacheFileFormat.Entry> records;
        try {
            // Split as bytes: a record that is not UTF-8 fails on its own, the others are still verified.
            byte[] bytes = Files.readAllBytes(file);
            records = CacheFileFormat.entries(bytes);
            if (records.isEmpty() && !new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
                records = CacheFileFormat.entries(withSeparator(bytes)); // a lone record without a %%% line
            }
        } catch (IOException e) {
            System.err.println("scamp inspect: cannot read " + file + ": " + e);
            return ExitCodes.TRANSPORT;
        }
        int failed = 0;
        for (int i = 0; i < records.size(); i++) {
            CacheFileFormat.Entry entry = records.get(i);
            if (entry.text() == null) {
                failed++;
                System.out.printf("FAILED #%d (unknown identity): %s%n", i + 1, entry.problem());
                continue;
            }
            try {
                AnnouncementRecord r = AnnouncementParser.parse(entry.text()).verify();
                System.out.printf("ok     #%d %s %s %d actions%n", i + 1, r.ident(), r.address(), r.actions().size());
            } catch (InvalidRecordException e) {
                failed++;
                System.out.printf("FAILED #%d %s: %s%n", i + 1, e.ident() == null ? "(unknown identity)" : e.ident(), e.getMessage());
            }
        }
        System.out.printf("%d records, %d verified, %d failed%n", records.size(), records.size() - failed, failed);
        return failed == 0 ? ExitCodes.OK : SOME_FAILED;
    }

    private static byte[] withSeparator(byte[] record) {
        byte[] separator = "%%%\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(separator, separator.length + record.length);
        System.arraycopy(record, 0, out, separator.length, record.length);
        return out;
    }
}
