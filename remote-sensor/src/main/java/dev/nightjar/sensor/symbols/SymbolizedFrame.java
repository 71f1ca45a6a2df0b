package dev.nightjar.sensor.symbols;

import dev.nightjar.protocol.v1.FrameKind;

/** One named frame: what a flame graph shows, and what kind of code it is. */
public record SymbolizedFrame(String name, FrameKind kind) {}
