# Turns every ```csharp block of README.md into a method of a console app, so that the README's snippets are the code that
# CI builds and runs (see ../consumer-check). Each block must follow a marker line:
#   <!-- snippet: <title>[; given: name, name][; compile only: reason] -->
# "given" names the variables a snippet takes from the text around it; Givens.cs makes each one (x from XAsync()). A snippet
# marked "compile only" is built but not run. A C# block without a marker fails the check, so none escapes it.
# Usage: awk -v out=<app folder> -f snippets.awk README.md
function fail(message) { print "README.md:" FNR ": " message > "/dev/stderr"; failed = 1; exit 1 }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function parse(marker,    parts, n, i, part, names, k, name) {
    title = ""; givens = ""; compileOnly = 0
    n = split(marker, parts, ";")
    title = trim(parts[1])
    for (i = 2; i <= n; i++) {
        part = trim(parts[i])
        if (part ~ /^given:/) {
            sub(/^given:[ \t]*/, "", part)
            k = split(part, names, ",")
            for (j = 1; j <= k; j++) { name = trim(names[j]); if (name != "") givens = givens " " name }
        } else if (part ~ /^compile only/) {
            compileOnly = 1
        } else {
            fail("unknown snippet option '" part "'")
        }
    }
    if (title == "") fail("a snippet marker needs a title")
}
BEGIN { count = 0; pending = ""; inBlock = 0 }
inBlock && /^```[ \t]*$/ {
    file = out "/Snippet" count ".cs"
    print usings > file
    print "namespace ConsumerCheck;\n" > file
    print "internal static class Snippet" count "\n{" > file
    gsub(/\\/, "\\\\", title); gsub(/"/, "\\\"", title)
    print "    public const string Title = \"" title "\";\n" > file
    print "    public static async Task RunAsync(string[] args)\n    {" > file
    n = split(trim(givens), names, " ")
    for (i = 1; i <= n; i++) {
        print "        var " names[i] " = await Givens." toupper(substr(names[i], 1, 1)) substr(names[i], 2) "Async();" > file
    }
    print body "    }\n}" > file
    close(file)
    runs[count] = compileOnly ? 0 : 1
    titles[count] = title
    inBlock = 0
    next
}
inBlock {
    if (header && ($0 ~ /^using (static )?[A-Za-z_][A-Za-z0-9_.]*;[ \t]*$/ || $0 ~ /^[ \t]*$/)) {
        if ($0 !~ /^[ \t]*$/) usings = usings $0 "\n"
        next
    }
    header = 0
    body = body "        " $0 "\n"
    next
}
/^<!-- snippet:.*-->[ \t]*$/ {
    pending = $0
    sub(/^<!-- snippet:[ \t]*/, "", pending); sub(/[ \t]*-->[ \t]*$/, "", pending)
    next
}
/^```(csharp|cs|c#)([ \t].*)?$/ {
    if (pending == "") fail("this C# block has no <!-- snippet: ... --> marker line before it")
    parse(pending)
    pending = ""; inBlock = 1; header = 1; usings = ""; body = ""; count++
    next
}
pending != "" { fail("a <!-- snippet: ... --> marker must be the line right before a ```csharp block") }
END {
    if (failed) exit 1
    if (inBlock) { fail("the last C# block is not closed") }
    if (count == 0) { print "README.md has no C# snippets" > "/dev/stderr"; exit 1 }
    file = out "/Program.cs"
    print "// Generated from README.md by .ci/consumer/snippets.awk: runs each snippet in README order and says how it went." > file
    print "using ConsumerCheck;\n\nint ran = 0, failed = 0;" > file
    for (i = 1; i <= count; i++) {
        if (!runs[i]) { print "Console.WriteLine(\"snippet compiled: \" + Snippet" i ".Title + \" (compile only)\");" > file; continue }
        print "try\n{\n    await Snippet" i ".RunAsync(args);\n    ran++;\n    Console.WriteLine(\"snippet ok: \" + Snippet" i ".Title);\n}" > file
        print "catch (Exception ex)\n{\n    failed++;\n    Console.WriteLine(\"snippet FAILED: \" + Snippet" i ".Title + \"\\n\" + ex);\n}\n" > file
    }
    print "Console.WriteLine($\"README snippets: {ran} ran, {failed} failed\");\nreturn failed == 0 ? 0 : 1;" > file
    close(file)
}
