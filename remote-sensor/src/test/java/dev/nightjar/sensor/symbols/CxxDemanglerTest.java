package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C++ names demangled on the sensor, checked against binutils' {@code c++filt} on real
 * binaries: a program compiled here with {@code g++} and the system's libstdc++.
 */
class CxxDemanglerTest {

    @TempDir
    static Path dir;
    private static Path program;

    @BeforeAll
    static void compile() throws Exception {
        program = CxxChild.compile(dir);
    }

    @Test
    void readsTheEssentialsOfTheItaniumGrammar() {
        assertEquals("foo::bar(int)", CxxDemangler.demangle("_ZN3foo3barEi"));
        assertEquals("foo::bar(char const*) const", CxxDemangler.demangle("_ZNK3foo3barEPKc"));
        assertEquals("int nj::twice<int>(int)", CxxDemangler.demangle("_ZN2nj5twiceIiEET_S1_"));
        assertEquals("std::vector<int, std::allocator<int> >::push_back(int const&)",
                CxxDemangler.demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"));
        assertEquals("Cart::operator+=(int)", CxxDemangler.demangle("_ZN4CartpLEi"));
        assertEquals("Cart::~Cart()", CxxDemangler.demangle("_ZN4CartD2Ev"));
        assertEquals("vtable for Cart", CxxDemangler.demangle("_ZTV4Cart"));
        assertEquals("(anonymous namespace)::work(int) [clone .cold]",
                CxxDemangler.demangle("_ZN12_GLOBAL__N_14workEi.cold"));
        assertEquals("each(void (*)(double), int (&) [4])", CxxDemangler.demangle("_Z4eachPFvdERA4_i"));
        assertEquals("main::{lambda(int)#1}::operator()(int) const", CxxDemangler.demangle("_ZZ4mainENKUliE_clEi"));
    }

    @Test
    void whatItCannotReadComesBackAsItWas() {
        assertEquals("nj_main_alpha", CxxDemangler.demangle("nj_main_alpha"), "a C name");
        assertEquals("_ZN3foo", CxxDemangler.demangle("_ZN3foo"), "cut short");
        assertEquals("_Z3fooS9_", CxxDemangler.demangle("_Z3fooS9_"), "a substitution that was never made");
        String deep = "_Z1f" + "P".repeat(1_000) + "i";
        assertEquals(deep, CxxDemangler.demangle(deep), "nested past the depth bound");
        String huge = "_Z" + "9abcdefghi".repeat(500) + "v";
        assertEquals(huge, CxxDemangler.demangle(huge), "longer than the input bound");
        assertEquals(null, CxxDemangler.demangle(null));
    }

    @Test
    void agreesWithCxxFiltOnEverySymbolOfACompiledProgramAndOfLibstdcxx() throws Exception {
        Requires.toolsFrom("binutils", "nm", "c++filt");
        Path libstdcxx = Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        List<String> own = cxxSymbols(program, "nm", program.toString());
        List<String> std = Files.exists(libstdcxx) ? cxxSymbols(program, "nm", "-D", "--defined-only", libstdcxx.toString())
                : List.of();
        assertTrue(own.size() > 20, "the program has C++ symbols: " + own);
        int demangledStd = 0;
        for (List<String> symbols : List.of(own, std)) {
            List<String> expected = cxxfilt(symbols);
            for (int i = 0; i < symbols.size(); i++) {
                String ours = CxxDemangler.demangle(symbols.get(i));
                if (ours.equals(symbols.get(i))) {
                    assertTrue(symbols != own || !symbols.get(i).contains("2nj"),
                            "the program's own function " + symbols.get(i) + " is demangled");
                    continue; // left mangled: allowed, never a wrong name
                }
                assertEquals(expected.get(i), ours, "demangling " + symbols.get(i));
                demangledStd += symbols == std ? 1 : 0;
            }
        }
        if (!std.isEmpty()) {
            assertTrue(demangledStd >= std.size() * 95 / 100,
                    "most of libstdc++ demangles: " + demangledStd + " of " + std.size());
        }
    }

    @Test
    @KernelTest
    void aRunningCxxProcessesFramesAreNamedDemangled() throws Exception {
        StackSymbolizer symbolizer = StackSymbolizers.onNode(Path.of("/proc"), KernelSymbols.load(Path.of("/proc")));
        try (NativeChild child = new NativeChild(program)) {
            assertEquals(new SymbolizedFrame("int nj::shop::twice<int>(int, char const*)", FrameKind.FRAME_KIND_NATIVE),
                    frame(symbolizer, child, "twice"));
            assertEquals("(anonymous namespace)::hidden_work(int)", frame(symbolizer, child, "hidden").name());
            assertEquals("nj::shop::label(std::__cxx11::basic_string<char, std::char_traits<char>,"
                    + " std::allocator<char> > const&, long)", frame(symbolizer, child, "label").name());
        } finally {
            symbolizer.close();
        }
    }

    /** The frame of a function's first instruction (the innermost frame of a stack is looked up as it is). */
    private static SymbolizedFrame frame(StackSymbolizer symbolizer, NativeChild child, String function) {
        return symbolizer.userFrames(child.pid(), new long[] {child.address(function)}, 1).getFirst();
    }

    private static List<String> cxxSymbols(Path dir, String... command) throws Exception {
        List<String> symbols = new ArrayList<>();
        for (String line : NativeChild.run(dir.getParent(), command).split("\n")) {
            String[] f = line.trim().split("\\s+");
            String name = f[f.length - 1];
            if (name.startsWith("_Z")) {
                symbols.add(name);
            }
        }
        return symbols.stream().distinct().toList();
    }

    /** binutils' demangler, one name per line in and out. */
    private static List<String> cxxfilt(List<String> symbols) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("c++filt").redirectErrorStream(true).start();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write((String.join("\n", symbols) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        writer.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "c++filt ran");
        assertEquals(symbols.size(), out.size());
        return out;
    }
}
