package io.asynciotck.tck.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell does for simple quoting, without expanding
 * anything: words are separated by whitespace; {@code '...'} quotes literally; {@code "..."} quotes
 * with {@code \"} and {@code \\} as escapes; outside quotes, a backslash escapes the next character.
 * Quotes join with what touches them ({@code --opt="a b"} is one word); {@code ''} is an empty word.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            switch (c) {
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated single quote in: " + line);
                    }
                    word.append(line, i + 1, end);
                    i = end;
                }
                case '"' -> i = doubleQuoted(line, i + 1, word);
                case '\\' -> {
                    if (i + 1 == line.length()) {
                        throw new IllegalArgumentException("trailing backslash in: " + line);
                    }
                    word.append(line.charAt(++i));
                }
                default -> word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text starting at {@code start}; returns the index of the closing quote. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("unterminated double quote in: " + line);
    }
}
