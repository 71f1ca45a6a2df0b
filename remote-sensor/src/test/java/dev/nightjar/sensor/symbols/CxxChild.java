package dev.nightjar.sensor.symbols;

import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A C++ program compiled with {@code g++}: namespaces, classes, templates, operators, std types,
 * lambdas, an anonymous namespace, ABI tags. It prints the addresses of a few of its functions
 * and waits on stdin, like {@link NativeChild} (which runs it).
 */
final class CxxChild {

    static final String SOURCE = """
            #include <cstdio>
            #include <cstring>
            #include <functional>
            #include <map>
            #include <string>
            #include <vector>
            namespace nj {
            namespace shop {
            struct Cart {
                std::vector<int> items;
                __attribute__((noinline)) int total(const std::map<std::string, int>& prices, int extra) const {
                    int s = extra;
                    for (int i : items) { s += i; }
                    return s + (int) prices.size();
                }
                __attribute__((noinline)) Cart& operator+=(int item) { items.push_back(item); return *this; }
                __attribute__((noinline)) bool operator==(const Cart& o) const { return items == o.items; }
                Cart() : items() {}
                ~Cart() { items.clear(); }
            };
            template <typename T, int N>
            struct Ring {
                T slots[N];
                __attribute__((noinline)) T sum(unsigned long from) const {
                    T s = T();
                    for (unsigned long i = from; i < N; i++) { s += slots[i]; }
                    return s;
                }
            };
            template <typename T>
            __attribute__((noinline)) T twice(T v, const char* why) { return v + v + (why ? 0 : 1); }
            __attribute__((noinline)) std::string label(const std::string& name, long id) {
                return name + std::to_string(id);
            }
            __attribute__((noinline)) void each(std::vector<double>& v, double (*f)(double)) {
                for (double& d : v) { d = f(d); }
            }
            template <typename... Args>
            __attribute__((noinline)) int count(Args... args) { return (int) sizeof...(args); }
            }  // namespace shop
            }  // namespace nj
            namespace {
            __attribute__((noinline)) int hidden_work(int n) { volatile int s = 0; for (int i = 0; i < n; i++) s += i; return s; }
            }
            static double halve(double d) { return d / 2; }
            int main() {
                nj::shop::Cart cart;
                cart += 3;
                std::map<std::string, int> prices;
                nj::shop::Ring<long, 4> ring{};
                std::vector<double> v{1.0, 2.0};
                auto lambda = [&](int x) { return cart.total(prices, x) + (int) ring.sum(0); };
                std::function<int(int)> f = lambda;
                int r = f(1) + nj::shop::twice(2, "x") + (int) nj::shop::twice(1.5, nullptr) + hidden_work(3)
                        + nj::shop::count(1, 'c', 2.0) + (int) nj::shop::label("a", 1).size() + (cart == cart);
                nj::shop::each(v, halve);
                std::printf("twice %p\\nhidden %p\\nlabel %p\\nready\\n",
                        (void*) &nj::shop::twice<int>, (void*) &hidden_work, (void*) &nj::shop::label);
                std::fflush(stdout);
                char line[64];
                while (std::fgets(line, sizeof line, stdin)) {
                    if (!std::strncmp(line, "exit", 4)) return r == -1;
                }
                return 0;
            }
            """;

    private CxxChild() {
    }

    /** Compiles the program; the test is skipped (or, under CI=true, fails) without g++. */
    static Path compile(Path dir) throws IOException, InterruptedException {
        Requires.toolsFrom("g++", "g++");
        Files.writeString(dir.resolve("shop.cc"), SOURCE);
        Path binary = dir.resolve("nj_shop");
        NativeChild.run(dir, "g++", "-O1", "-std=c++17", "-fPIE", "-pie", "-o", binary.toString(), "shop.cc");
        return binary;
    }
}
