package jp.uketsuke.console.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), so the browser can seek in a recording. */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    long length() {
        return last - first + 1;
    }

    /** Empty when there is no header, or it is malformed, multi-part or outside {@code [0, size)}. */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || size <= 0) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            return suffix == 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        return first >= size || last < first ? Optional.empty() : Optional.of(new ByteRange(first, last));
    }

    /** Passes on only the bytes of this range from a stream written from the start of the file. */
    OutputStream window(OutputStream target) {
        return new FilterOutputStream(target) {
            private long position;

            @Override
            public void write(int b) throws IOException {
                if (position >= first && position <= last) {
                    out.write(b);
                }
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                long start = Math.max(position, first);
                long end = Math.min(position + len - 1, last);
                if (start <= end) {
                    out.write(b, off + (int) (start - position), (int) (end - start + 1));
                }
                position += len;
            }
        };
    }
}
