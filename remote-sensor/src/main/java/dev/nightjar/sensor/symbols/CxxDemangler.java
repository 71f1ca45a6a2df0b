package dev.nightjar.sensor.symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Itanium C++ ABI symbol names ({@code _ZN3foo3barEi}, what g++ and clang emit on
 * Linux) into what a person reads ({@code foo::bar(int)}), in the form {@code c++filt}
 * prints them, so a flame graph of a C++ program shows functions, not mangled names.
 *
 * <p>A bounded port of the essentials of the ABI's grammar: nested, local and unscoped
 * names, templates and their parameters, substitutions and the {@code std::} abbreviations,
 * operators, constructors and destructors, builtin, qualified, pointer, reference, function,
 * array and pointer-to-member types, integer and bool literals, lambdas and unnamed types,
 * ABI tags, the common special names (vtables, typeinfo, thunks, guard variables) and
 * compiler clone suffixes ({@code .cold}, {@code .isra.0}). What it does not cover (template
 * expressions, {@code decltype}, some declarators) it leaves mangled: it never guesses.
 *
 * <p>Symbol names come from binaries on the node, i.e. from anyone: the input is bounded in
 * length, recursion is bounded in depth, and any malformed name comes back unchanged.
 */
public final class CxxDemangler {

    /** Longer names (a few exist in template-heavy code) are left as they are. */
    static final int MAX_INPUT = 4_096;
    private static final int MAX_DEPTH = 128;
    private static final int MAX_OUTPUT = 16_384;

    private CxxDemangler() {
    }

    /** The readable name, or {@code symbol} itself when it is not an Itanium name this reads. */
    public static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_Z") || symbol.length() > MAX_INPUT) {
            return symbol;
        }
        int version = symbol.indexOf('@');
        if (version > 0) {
            // A symbol version ("@GLIBCXX_3.4", as nm shows dynamic symbols) stays as it is.
            String name = demangle(symbol.substring(0, version));
            return name.equals(symbol.substring(0, version)) ? symbol : name + symbol.substring(version);
        }
        try {
            Parser p = new Parser(symbol);
            p.pos = 2;
            Node encoding = p.encoding();
            StringBuilder out = new StringBuilder(encoding.print());
            if (p.pos < symbol.length()) {
                String clones = p.cloneSuffixes();
                if (clones == null) {
                    return symbol;
                }
                out.append(clones);
            }
            return out.length() > MAX_OUTPUT ? symbol : out.toString();
        } catch (Unsupported | IndexOutOfBoundsException | NumberFormatException | StackOverflowError e) {
            return symbol;
        }
    }

    /** A name this does not read (or a malformed one): the caller shows it as it is. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    // ------------------------------------------------------------------ the printed forms

    /** A parsed piece of a name or type, printed the way c++filt prints it. */
    private interface Node {
        /** As a type or name on its own. */
        default String print() {
            return print("");
        }

        /** With a declarator (e.g. "*" or "&") to wrap in, for types that need it inside. */
        String print(String declarator);
    }

    /** A plain name or builtin type: the declarator follows it ("char*", "std::string const&"). */
    private record Text(String text) implements Node {
        @Override
        public String print(String declarator) {
            return text + declarator;
        }
    }

    /** Names joined by "::". */
    private record Qualified(Node scope, Node member) implements Node {
        @Override
        public String print(String declarator) {
            return scope.print() + "::" + member.print() + declarator;
        }
    }

    /** A template and its arguments: "std::vector<int, std::allocator<int> >". */
    private record TemplateId(Node template, List<Node> args) implements Node {
        @Override
        public String print(String declarator) {
            String name = template.print();
            // "operator<< <T>": no "<<<" for the reader to untangle.
            return name + (name.endsWith("<") ? " " : "") + arguments(args) + declarator;
        }
    }

    private static String arguments(List<Node> args) {
        StringBuilder b = new StringBuilder("<");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(args.get(i).print());
        }
        if (b.charAt(b.length() - 1) == '>') {
            b.append(' '); // "> >", as GNU prints it
        }
        return b.append('>').toString();
    }

    /** const, volatile, restrict on a type: after a base type, inside a pointer's declarator. */
    private record CvQualified(Node inner, String qualifiers) implements Node {
        @Override
        public String print(String declarator) {
            if (inner instanceof Pointer || inner instanceof Reference || inner instanceof MemberPointer) {
                return inner.print(" " + qualifiers + declarator);
            }
            return inner.print("") + " " + qualifiers + declarator;
        }
    }

    private record Pointer(Node inner) implements Node {
        @Override
        public String print(String declarator) {
            return inner.print("*" + declarator);
        }
    }

    private record Reference(Node inner, String kind) implements Node {
        @Override
        public String print(String declarator) {
            return inner.print(kind + declarator);
        }
    }

    /** A function type: "void (int)", or around a declarator "void (*)(int)". */
    private record FunctionType(Node returns, List<Node> params, String qualifiers) implements Node {
        @Override
        public String print(String declarator) {
            String around = declarator.isEmpty() ? "" : "(" + declarator.strip() + ")";
            return returns.print() + " " + around + parameters(params) + qualifiers;
        }
    }

    private static String parameters(List<Node> params) {
        if (params.size() == 1 && params.getFirst() instanceof Text t && t.text().equals("void")) {
            return "()";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(params.get(i).print());
        }
        return b.append(')').toString();
    }

    private record ArrayType(Node element, String dimension) implements Node {
        @Override
        public String print(String declarator) {
            String around = declarator.isEmpty() ? "" : "(" + declarator.strip() + ") ";
            return element.print() + " " + around + "[" + dimension + "]";
        }
    }

    /** "int Foo::*", or for a member function "void (Foo::*)(int) const". */
    private record MemberPointer(Node owner, Node member) implements Node {
        @Override
        public String print(String declarator) {
            if (member instanceof FunctionType) {
                return member.print(owner.print() + "::*" + declarator);
            }
            return member.print("") + " " + owner.print() + "::*" + declarator;
        }
    }

    /** A function: "[return ]name(params)[ const][ &]". */
    private record Function(Node name, Node returns, List<Node> params, String qualifiers) implements Node {
        @Override
        public String print(String declarator) {
            String ret = returns == null ? "" : returns.print() + " ";
            return ret + name.print() + parameters(params) + qualifiers + declarator;
        }
    }

    /** A name with an ABI tag: "failure[abi:cxx11]". */
    private record Tagged(Node name, String tag) implements Node {
        @Override
        public String print(String declarator) {
            return name.print() + "[abi:" + tag + "]" + declarator;
        }
    }

    /** A template argument pack of other than one element: its elements, comma-separated. */
    private record Pack(List<Node> elements) implements Node {
        @Override
        public String print(String declarator) {
            if (!declarator.isEmpty()) {
                throw new Unsupported(); // "T&..." over a pack: each element's own declarator
            }
            return String.join(", ", elements.stream().map(Node::print).toList());
        }
    }

    /** "vtable for Foo", "non-virtual thunk to Foo::bar()". */
    private record Special(String prefix, Node of) implements Node {
        @Override
        public String print(String declarator) {
            return prefix + of.print() + declarator;
        }
    }

    // ------------------------------------------------------------------ the grammar

    private static final class Parser {

        private final String s;
        private int pos;
        private int depth;
        private final List<Node> substitutions = new ArrayList<>();
        /** The template arguments T_ refers to: those of the name being encoded. */
        private List<Node> templateArgs = List.of();
        /** Inside a type: template arguments there are the type's, not the encoding's. */
        private int typeDepth;
        /**
         * Substitutions from here on may be numbered differently than c++filt numbers them: a
         * lambda's local name in template arguments inside another such one (seen in HotSpot's
         * nested lambdas). A reference to one is left mangled.
         */
        private int firstUncertain = Integer.MAX_VALUE;
        /** Local names being read inside template arguments, one inside the other. */
        private int localsInArguments;

        Parser(String s) {
            this.s = s;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char peek(int ahead) {
            return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
        }

        private boolean consume(String token) {
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new Unsupported();
            }
            pos++;
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw new Unsupported();
            }
        }

        // <encoding> ::= <name> <bare-function-type> | <name> | <special-name>
        Node encoding() {
            enter();
            try {
                if (peek() == 'T' || peek() == 'G') {
                    return specialName();
                }
                NameInfo name = name();
                if (pos >= s.length() || peek() == 'E' || peek() == '.') {
                    return name.node(); // data, e.g. a static member
                }
                Node returns = null;
                if (name.template() && !name.ctorDtorOrConversion()) {
                    returns = type();
                }
                List<Node> params = new ArrayList<>();
                do {
                    params.add(type());
                } while (pos < s.length() && peek() != 'E' && peek() != '.');
                if (returns != null && nestsDeclarator(returns)) {
                    throw new Unsupported(); // "void (*f(int))(char)": a declarator c++filt nests
                }
                return new Function(name.node(), returns, params, name.qualifiers());
            } finally {
                depth--;
            }
        }

        /** A return type the function's name would sit inside of: a pointer to a function or an array. */
        private static boolean nestsDeclarator(Node type) {
            Node n = type;
            while (true) {
                if (n instanceof Pointer p) {
                    n = p.inner();
                } else if (n instanceof Reference r) {
                    n = r.inner();
                } else if (n instanceof CvQualified q) {
                    n = q.inner();
                } else {
                    return n instanceof FunctionType || n instanceof ArrayType || n instanceof MemberPointer;
                }
            }
        }

        private Node specialName() {
            if (consume("TV")) {
                return new Special("vtable for ", type());
            }
            if (consume("TT")) {
                return new Special("VTT for ", type());
            }
            if (consume("TI")) {
                return new Special("typeinfo for ", type());
            }
            if (consume("TS")) {
                return new Special("typeinfo name for ", type());
            }
            if (consume("Th")) {
                callOffset('h');
                return new Special("non-virtual thunk to ", encoding());
            }
            if (consume("Tv")) {
                callOffset('v');
                return new Special("virtual thunk to ", encoding());
            }
            if (consume("TW")) {
                return new Special("TLS wrapper function for ", name().node());
            }
            if (consume("TH")) {
                return new Special("TLS init function for ", name().node());
            }
            if (consume("GV")) {
                return new Special("guard variable for ", name().node());
            }
            throw new Unsupported();
        }

        /** {@code h <number> _} or {@code v <number> _ <number> _}: the thunk's offsets, not printed. */
        private void callOffset(char kind) {
            number();
            expect('_');
            if (kind == 'v') {
                number();
                expect('_');
            }
        }

        /** A parsed name and what the encoding needs to know of it. */
        private record NameInfo(Node node, boolean template, boolean ctorDtorOrConversion, String qualifiers) {
        }

        // <name> ::= <nested-name> | <unscoped-name> | <unscoped-template-name> <template-args> | <local-name>
        private NameInfo name() {
            enter();
            try {
                char c = peek();
                if (c == 'N') {
                    return nestedName();
                }
                if (c == 'Z') {
                    return localName();
                }
                Node unscoped;
                boolean ctor = false;
                if (c == 'S' && peek(1) != 't') {
                    // A substitution as an unscoped template name: "S_IiE".
                    unscoped = substitution();
                    if (peek() != 'I') {
                        throw new Unsupported();
                    }
                } else {
                    boolean std = consume("St");
                    Unqualified u = unqualifiedName(null);
                    ctor = u.ctorDtorOrConversion();
                    unscoped = std ? new Qualified(new Text("std"), u.node()) : u.node();
                    if (peek() == 'I') {
                        substitutions.add(unscoped);
                    }
                }
                if (peek() == 'I') {
                    List<Node> args = templateArgs();
                    encodingArgs(args);
                    return new NameInfo(new TemplateId(unscoped, args), true, ctor, "");
                }
                return new NameInfo(unscoped, false, ctor, "");
            } finally {
                depth--;
            }
        }

        /** Template arguments of the encoding's own name are what its T_ refer to; a type's are not. */
        private void encodingArgs(List<Node> args) {
            if (typeDepth == 0) {
                templateArgs = args;
            }
        }

        // <nested-name> ::= N [<CV-qualifiers>] [<ref-qualifier>] <prefix> <unqualified-name> E
        //                 | N [<CV-qualifiers>] [<ref-qualifier>] <template-prefix> <template-args> E
        private NameInfo nestedName() {
            expect('N');
            String cv = cvQualifiers();
            String ref = consume("R") ? " &" : consume("O") ? " &&" : "";
            Node prefix = null;
            // Whether the prefix so far was just composed (a candidate for later S_), rather than
            // being std or a substitution, which are never candidates again.
            boolean candidate = false;
            boolean template = false;
            boolean ctor = false;
            while (peek() != 'E') {
                if (pos >= s.length()) {
                    throw new Unsupported();
                }
                if (candidate && peek() != 'M') {
                    // The prefix so far is a component a later S_ may name (not the last one: E follows it).
                    substitutions.add(prefix);
                }
                template = false;
                // A constructor stays one through its own template arguments ("C1IiE").
                ctor = ctor && peek() == 'I';
                candidate = true;
                char c = peek();
                if (c == 'S' && peek(1) == 't') {
                    pos += 2;
                    prefix = new Text("std");
                    candidate = false;
                } else if (c == 'S' && prefix == null) {
                    prefix = substitution();
                    candidate = false;
                } else if (c == 'I') {
                    if (prefix == null) {
                        throw new Unsupported();
                    }
                    List<Node> args = templateArgs();
                    encodingArgs(args);
                    prefix = new TemplateId(prefix, args);
                    template = true;
                } else if (c == 'T') {
                    prefix = templateParam();
                } else if (c == 'M') {
                    pos++; // a closure's data-member initializer scope: nothing to print
                    candidate = false;
                } else {
                    Unqualified u = unqualifiedName(prefix);
                    ctor = u.ctorDtorOrConversion();
                    prefix = prefix == null || (prefix instanceof Text t && t.text().isEmpty()) ? u.node()
                            : new Qualified(prefix, u.node());
                }
            }
            expect('E');
            if (prefix == null) {
                throw new Unsupported();
            }
            return new NameInfo(prefix, template, ctor, cv.isEmpty() ? ref : " " + cv + ref);
        }

        // <local-name> ::= Z <function encoding> E <entity name> [<discriminator>] | Z <encoding> E s [<discriminator>]
        private NameInfo localName() {
            expect('Z');
            boolean inArguments = typeDepth > 0;
            if (inArguments && localsInArguments > 0) {
                firstUncertain = Math.min(firstUncertain, substitutions.size());
            }
            // The enclosing function's T_ are its own, even inside a type's template arguments.
            List<Node> outer = templateArgs;
            int outerTypeDepth = typeDepth;
            typeDepth = 0;
            localsInArguments += inArguments ? 1 : 0;
            Node function;
            try {
                function = encoding();
            } finally {
                typeDepth = outerTypeDepth;
                localsInArguments -= inArguments ? 1 : 0;
            }
            templateArgs = outer;
            if (function instanceof Function f) {
                // As a scope, the function is named without its return type.
                function = new Function(f.name(), null, f.params(), f.qualifiers());
            }
            expect('E');
            if (consume("s")) {
                discriminator();
                return new NameInfo(new Qualified(function, new Text("string literal")), false, false, "");
            }
            NameInfo entity = name();
            discriminator();
            return new NameInfo(new Qualified(function, entity.node()), entity.template(),
                    entity.ctorDtorOrConversion(), entity.qualifiers());
        }

        private void discriminator() {
            if (peek() == '_') {
                pos++;
                if (peek() == '_') {
                    pos++;
                    number();
                    expect('_');
                } else {
                    number();
                }
            }
        }

        private record Unqualified(Node node, boolean ctorDtorOrConversion) {
        }

        // <unqualified-name> ::= <operator-name> [<abi-tags>] | <ctor-dtor-name> | <source-name> [<abi-tags>]
        //                      | <unnamed-type-name>
        private Unqualified unqualifiedName(Node scope) {
            char c = peek();
            Node node;
            boolean special = false;
            if (Character.isDigit(c)) {
                node = sourceName();
            } else if (c == 'C' || (c == 'D' && (peek(1) == '0' || peek(1) == '1' || peek(1) == '2'))) {
                node = ctorDtor(scope);
                special = true;
            } else if (c == 'U') {
                node = unnamedType();
            } else if (c == 'L') {
                pos++; // internal linkage marker before a source name
                node = sourceName();
                discriminator();
            } else if (Character.isLowerCase(c)) {
                special = c == 'c' && peek(1) == 'v';
                node = operatorName();
            } else {
                throw new Unsupported();
            }
            while (peek() == 'B') {
                pos++;
                node = new Tagged(node, rawSourceName());
            }
            return new Unqualified(node, special);
        }

        private Node ctorDtor(Node scope) {
            if (scope == null) {
                throw new Unsupported();
            }
            String owner = lastName(scope);
            if (consume("CI1") || consume("CI2")) {
                type(); // an inheriting constructor names its base
                return new Text(owner);
            }
            if (consume("C1") || consume("C2") || consume("C3") || consume("C4") || consume("C5")) {
                return new Text(owner);
            }
            if (consume("D0") || consume("D1") || consume("D2") || consume("D4") || consume("D5")) {
                return new Text("~" + owner);
            }
            throw new Unsupported();
        }

        /** What a constructor of {@code scope} is called: its last name, without template arguments or ABI tags. */
        private static String lastName(Node scope) {
            Node n = scope;
            while (true) {
                if (n instanceof TemplateId t) {
                    n = t.template();
                } else if (n instanceof Qualified q) {
                    n = q.member();
                } else if (n instanceof Tagged t) {
                    n = t.name();
                } else {
                    String text = n.print();
                    return text.substring(text.lastIndexOf("::") + 2 > 1 ? text.lastIndexOf("::") + 2 : 0);
                }
            }
        }

        // <unnamed-type-name> ::= Ut [<number>] _ | Ul <lambda-sig> E [<number>] _
        private Node unnamedType() {
            if (consume("Ut")) {
                int n = peek() == '_' ? 1 : number() + 2;
                expect('_');
                return new Text("{unnamed type#" + n + "}");
            }
            if (consume("Ul")) {
                List<Node> params = new ArrayList<>();
                while (peek() != 'E') {
                    params.add(type());
                }
                expect('E');
                int n = peek() == '_' ? 1 : number() + 2;
                expect('_');
                return new Text("{lambda" + parameters(params) + "#" + n + "}");
            }
            throw new Unsupported();
        }

        private static final String[][] OPERATORS = {
            {"nw", "new"}, {"na", "new[]"}, {"dl", "delete"}, {"da", "delete[]"}, {"ps", "+"}, {"ng", "-"},
            {"ad", "&"}, {"de", "*"}, {"co", "~"}, {"pl", "+"}, {"mi", "-"}, {"ml", "*"}, {"dv", "/"},
            {"rm", "%"}, {"an", "&"}, {"or", "|"}, {"eo", "^"}, {"aS", "="}, {"pL", "+="}, {"mI", "-="},
            {"mL", "*="}, {"dV", "/="}, {"rM", "%="}, {"aN", "&="}, {"oR", "|="}, {"eO", "^="}, {"ls", "<<"},
            {"rs", ">>"}, {"lS", "<<="}, {"rS", ">>="}, {"eq", "=="}, {"ne", "!="}, {"lt", "<"}, {"gt", ">"},
            {"le", "<="}, {"ge", ">="}, {"ss", "<=>"}, {"nt", "!"}, {"aa", "&&"}, {"oo", "||"}, {"pp", "++"},
            {"mm", "--"}, {"cm", ","}, {"pm", "->*"}, {"pt", "->"}, {"cl", "()"}, {"ix", "[]"}, {"qu", "?"},
            {"aw", "co_await"},
        };

        private Node operatorName() {
            if (consume("cv")) {
                return new Text("operator " + type().print());
            }
            if (consume("li")) {
                return new Text("operator\"\" " + rawSourceName());
            }
            for (String[] op : OPERATORS) {
                if (consume(op[0])) {
                    String symbol = op[1];
                    return new Text("operator" + (Character.isLetter(symbol.charAt(0)) ? " " : "") + symbol);
                }
            }
            throw new Unsupported();
        }

        private Node sourceName() {
            String name = rawSourceName();
            if (name.startsWith("_GLOBAL__N")) {
                return new Text("(anonymous namespace)");
            }
            return new Text(name);
        }

        private String rawSourceName() {
            int length = number();
            if (length <= 0 || pos + length > s.length()) {
                throw new Unsupported();
            }
            String name = s.substring(pos, pos + length);
            pos += length;
            return name;
        }

        private int number() {
            int start = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            if (pos == start || pos - start > 6) {
                throw new Unsupported();
            }
            return Integer.parseInt(s, start, pos, 10);
        }

        private String cvQualifiers() {
            StringBuilder b = new StringBuilder();
            // The ABI orders them r V K; printed "const volatile restrict"-wise as c++filt does.
            boolean restrict = consume("r");
            boolean vol = consume("V");
            boolean cons = consume("K");
            if (cons) {
                b.append("const");
            }
            if (vol) {
                b.append(b.isEmpty() ? "" : " ").append("volatile");
            }
            if (restrict) {
                b.append(b.isEmpty() ? "" : " ").append("restrict");
            }
            return b.toString();
        }

        // <template-args> ::= I <template-arg>+ E
        private List<Node> templateArgs() {
            expect('I');
            List<Node> args = new ArrayList<>();
            while (peek() != 'E') {
                if (pos >= s.length()) {
                    throw new Unsupported();
                }
                args.add(templateArg());
            }
            expect('E');
            return args;
        }

        private Node templateArg() {
            enter();
            try {
                char c = peek();
                if (c == 'L') {
                    return literal();
                }
                if (c == 'J') {
                    pos++;
                    List<Node> pack = new ArrayList<>();
                    while (peek() != 'E') {
                        pack.add(templateArg());
                    }
                    expect('E');
                    return pack.size() == 1 ? pack.getFirst() : new Pack(pack);
                }
                if (c == 'X') {
                    throw new Unsupported(); // an expression
                }
                return type();
            } finally {
                depth--;
            }
        }

        // <expr-primary> ::= L <type> <value number> E | L <mangled-name> E
        private Node literal() {
            expect('L');
            if (consume("_Z")) {
                Node name = encoding();
                expect('E');
                return name;
            }
            char t = peek();
            Node named = null;
            if (Character.isDigit(t) || t == 'N') {
                named = type(); // an enum or class type: "(oop_kind)0"
            } else {
                pos++;
            }
            boolean negative = consume("n");
            int start = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            String digits = (negative ? "-" : "") + s.substring(start, pos);
            expect('E');
            if (start == pos) {
                throw new Unsupported();
            }
            if (named != null) {
                return new Text("(" + named.print() + ")" + digits);
            }
            return new Text(switch (t) {
                case 'b' -> digits.equals("0") ? "false" : digits.equals("1") ? "true" : "(bool)" + digits;
                case 'i' -> digits;
                case 'j' -> digits + "u";
                case 'l' -> digits + "l";
                case 'm' -> digits + "ul";
                case 'x' -> digits + "ll";
                case 'y' -> digits + "ull";
                case 'c' -> "(char)" + digits;
                case 'a' -> "(signed char)" + digits;
                case 'h' -> "(unsigned char)" + digits;
                case 's' -> "(short)" + digits;
                case 't' -> "(unsigned short)" + digits;
                case 'w' -> "(wchar_t)" + digits;
                default -> throw new Unsupported();
            });
        }

        private Node templateParam() {
            expect('T');
            int index = peek() == '_' ? 0 : number() + 1;
            expect('_');
            if (index >= templateArgs.size()) {
                throw new Unsupported();
            }
            return templateArgs.get(index);
        }

        // <substitution> ::= S_ | S <seq-id> _ | St | Sa | Sb | Ss | Si | So | Sd
        private Node substitution() {
            expect('S');
            char c = peek();
            switch (c) {
                case 'a' -> {
                    pos++;
                    return new Text("std::allocator");
                }
                case 'b' -> {
                    pos++;
                    return new Text("std::basic_string");
                }
                case 's' -> {
                    pos++;
                    return standard("basic_string", "char", "std::char_traits<char>", "std::allocator<char>");
                }
                case 'i' -> {
                    pos++;
                    return standard("basic_istream", "char", "std::char_traits<char>");
                }
                case 'o' -> {
                    pos++;
                    return standard("basic_ostream", "char", "std::char_traits<char>");
                }
                case 'd' -> {
                    pos++;
                    return standard("basic_iostream", "char", "std::char_traits<char>");
                }
                default -> {
                }
            }
            int index = 0;
            if (c != '_') {
                int start = pos;
                while (Character.isDigit(peek()) || Character.isUpperCase(peek())) {
                    pos++;
                }
                if (start == pos || pos - start > 6) {
                    throw new Unsupported();
                }
                index = Integer.parseInt(s, start, pos, 36) + 1;
            }
            expect('_');
            if (index >= substitutions.size() || index >= firstUncertain) {
                throw new Unsupported();
            }
            return substitutions.get(index);
        }

        /** Ss, Si, So, Sd: c++filt spells out the class template they abbreviate. */
        private static Node standard(String template, String... args) {
            return new TemplateId(new Qualified(new Text("std"), new Text(template)),
                    java.util.Arrays.stream(args).map(a -> (Node) new Text(a)).toList());
        }

        // <type>
        private Node type() {
            enter();
            typeDepth++;
            try {
                char c = peek();
                String builtin = builtin();
                if (builtin != null) {
                    return new Text(builtin);
                }
                Node t;
                switch (c) {
                    case 'r', 'V', 'K' -> {
                        String cv = cvQualifiers();
                        Node inner = type();
                        t = inner instanceof FunctionType f
                                ? new FunctionType(f.returns(), f.params(), f.qualifiers() + " " + cv)
                                : new CvQualified(inner, cv);
                    }
                    case 'P' -> {
                        pos++;
                        t = new Pointer(type());
                    }
                    case 'R' -> {
                        pos++;
                        t = reference(type(), "&");
                    }
                    case 'O' -> {
                        pos++;
                        t = reference(type(), "&&");
                    }
                    case 'F' -> t = functionType();
                    case 'A' -> t = arrayType();
                    case 'M' -> {
                        pos++;
                        Node owner = type();
                        Node member = type();
                        t = new MemberPointer(owner, member);
                    }
                    case 'T' -> {
                        t = templateParam();
                        if (peek() == 'I') {
                            substitutions.add(t);
                            t = new TemplateId(t, templateArgs());
                        }
                    }
                    case 'S' -> {
                        if (peek(1) == 't') {
                            t = name().node(); // std:: unscoped name, maybe with template args
                        } else {
                            t = substitution();
                            if (peek() == 'I') {
                                t = new TemplateId(t, templateArgs());
                            } else {
                                return t; // a substitution is not a new candidate
                            }
                        }
                    }
                    case 'D' -> {
                        if (peek(1) == 'p') {
                            pos += 2;
                            t = type(); // a pack expansion prints as its pattern
                        } else {
                            throw new Unsupported();
                        }
                    }
                    case 'N', 'Z' -> t = name().node();
                    case 'u' -> {
                        pos++;
                        return new Text(rawSourceName());
                    }
                    default -> {
                        if (Character.isDigit(c)) {
                            t = name().node();
                        } else {
                            throw new Unsupported();
                        }
                    }
                }
                substitutions.add(t);
                return t;
            } finally {
                typeDepth--;
                depth--;
            }
        }

        /** A reference to a reference collapses, as in C++: "&" wins ("T&&" with T = "int const&" is "int const&"). */
        private static Node reference(Node inner, String kind) {
            if (inner instanceof Reference r) {
                return new Reference(r.inner(), kind.equals("&") || r.kind().equals("&") ? "&" : "&&");
            }
            return new Reference(inner, kind);
        }

        private String builtin() {
            char c = peek();
            String name = switch (c) {
                case 'v' -> "void";
                case 'w' -> "wchar_t";
                case 'b' -> "bool";
                case 'c' -> "char";
                case 'a' -> "signed char";
                case 'h' -> "unsigned char";
                case 's' -> "short";
                case 't' -> "unsigned short";
                case 'i' -> "int";
                case 'j' -> "unsigned int";
                case 'l' -> "long";
                case 'm' -> "unsigned long";
                case 'x' -> "long long";
                case 'y' -> "unsigned long long";
                case 'n' -> "__int128";
                case 'o' -> "unsigned __int128";
                case 'f' -> "float";
                case 'd' -> "double";
                case 'e' -> "long double";
                case 'g' -> "__float128";
                case 'z' -> "...";
                default -> null;
            };
            if (name != null) {
                pos++;
                return name;
            }
            if (c == 'D') {
                String d = switch (peek(1)) {
                    case 'd' -> "decimal64";
                    case 'e' -> "decimal128";
                    case 'f' -> "decimal32";
                    case 'h' -> "half";
                    case 'i' -> "char32_t";
                    case 's' -> "char16_t";
                    case 'u' -> "char8_t";
                    case 'a' -> "auto";
                    case 'c' -> "decltype(auto)";
                    case 'n' -> "decltype(nullptr)";
                    default -> null;
                };
                if (d != null) {
                    pos += 2;
                    return d;
                }
            }
            return null;
        }

        // <function-type> ::= F [Y] <bare-function-type> [<ref-qualifier>] E
        private Node functionType() {
            expect('F');
            consume("Y");
            Node returns = type();
            List<Node> params = new ArrayList<>();
            while (peek() != 'E' && !(peek() == 'R' && peek(1) == 'E') && !(peek() == 'O' && peek(1) == 'E')) {
                if (pos >= s.length()) {
                    throw new Unsupported();
                }
                params.add(type());
            }
            String ref = consume("R") ? " &" : consume("O") ? " &&" : "";
            expect('E');
            return new FunctionType(returns, params, ref);
        }

        // <array-type> ::= A <positive dimension number> _ <element type> | A _ <element type>
        private Node arrayType() {
            expect('A');
            String dimension = "";
            if (Character.isDigit(peek())) {
                dimension = Integer.toString(number());
            } else if (peek() != '_') {
                throw new Unsupported(); // a dimension expression
            }
            expect('_');
            return new ArrayType(type(), dimension);
        }

        /** Compiler clones after the encoding: ".cold", ".isra.0", ".constprop.0.isra.0"; null if not that. */
        String cloneSuffixes() {
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                if (peek() != '.' || !(Character.isLetter(peek(1)) || peek(1) == '_')) {
                    return null;
                }
                int start = pos;
                pos++;
                while (Character.isLetterOrDigit(peek()) || peek() == '_') {
                    pos++;
                }
                while (peek() == '.' && Character.isDigit(peek(1))) {
                    pos++;
                    while (Character.isDigit(peek())) {
                        pos++;
                    }
                }
                b.append(" [clone ").append(s, start, pos).append(']');
            }
            return b.toString();
        }
    }
}
