package dev.nightjar.sensor.symbols;

/**
 * What the symbolizer has done and holds.
 *
 * @param framesNamed frames given a symbol name
 * @param framesUnnamed frames shown as module+offset or unknown
 * @param cachedBinaries binaries whose symbol tables are held
 * @param cachedSymbolBytes estimated bytes held by those tables (bounded by the cache's limit)
 * @param evictedBinaries binaries dropped from the cache to stay within that limit
 */
public record SymbolizerStats(long framesNamed, long framesUnnamed, int cachedBinaries,
        long cachedSymbolBytes, long evictedBinaries) {}
