package dev.nightjar.desktop.bundle;

/**
 * What an export would write, counted from the store before writing.
 *
 * @param events            events selected
 * @param uncompressedBytes their size as framed protobuf records, before compression
 *                          (the file is smaller: entries are deflated)
 */
public record ExportEstimate(long events, long uncompressedBytes) {
}
