package dev.nightjar.sensor.symbols;

/** A symbol table the cache holds, measured in the bytes it is estimated to keep alive. */
sealed interface CachedTable permits ElfSymbols, PerfMap {
    long estimatedBytes();
}
