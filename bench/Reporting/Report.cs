using System.Globalization;
using System.Text;
using System.Text.Json;
using DualGrad.Bench.Infrastructure;

namespace DualGrad.Bench.Reporting;

/// <summary>One benchmark result read from BenchmarkDotNet's full JSON export.</summary>
public sealed record Result(string Type, string Method, string Parameters, double Mean, double StdDev, double Median, long? Allocated)
{
    /// <summary>A parameter's value (N, M), or null.</summary>
    public int? Param(string name)
    {
        foreach (var part in Parameters.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=');
            if (kv.Length == 2 && kv[0] == name && int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        }
        return null;
    }
}

/// <summary>A suite's results with how they were produced.</summary>
public sealed record Suite(string Type, IReadOnlyList<Result> Results, string Machine, string Command, string Date, string Load)
{
    /// <summary>The result of a method at given parameters (exact string match), or null.</summary>
    public Result? Get(string method, string parameters = "") => Results.FirstOrDefault(r => r.Method == method && r.Parameters == parameters);

    /// <summary>Mean of <paramref name="method"/> over the mean of Plain (the baseline of every suite) at the same parameters.</summary>
    public double? Ratio(string method, string parameters = "") =>
        Get(method, parameters) is { } r && Get("Plain", parameters) is { } p ? r.Mean / p.Mean : null;

    /// <summary>Same with medians (less sensitive to a busy machine).</summary>
    public double? MedianRatio(string method, string parameters = "") =>
        Get(method, parameters) is { } r && Get("Plain", parameters) is { } p ? r.Median / p.Median : null;
}

/// <summary>
/// The <c>--report</c> step: reads bench/BenchmarkDotNet.Artifacts/results/*-report-full.json (the newest export of each
/// suite) and the command files Program writes beside them, and regenerates bench/RESULTS.md and bench/plots/*.png.
/// RESULTS.md is generated: edit this file, not that one.
/// </summary>
public static class Report
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run()
    {
        var suites = Load(Paths.Results);
        if (suites.Count == 0)
        {
            Console.Error.WriteLine($"No BenchmarkDotNet results in {Paths.Results}; run the benchmarks first (see bench/README.md).");
            return 1;
        }
        Console.WriteLine("Measuring bytes per recorded operation...");
        var memory = MemoryReport.Measure();
        var plotsDir = Path.Combine(Paths.BenchDirectory, "plots");
        Directory.CreateDirectory(plotsDir);
        var plots = Plots.Write(suites, plotsDir);
        var markdown = Markdown(suites, memory, plots);
        var path = Path.Combine(Paths.BenchDirectory, "RESULTS.md");
        File.WriteAllText(path, markdown);
        Console.WriteLine($"Wrote bench/RESULTS.md ({suites.Count} suites) and {plots.Count} plots in bench/plots/.");
        return 0;
    }

    /// <summary>Reads every suite's newest JSON export.</summary>
    public static Dictionary<string, Suite> Load(string resultsDir)
    {
        var suites = new Dictionary<string, Suite>();
        if (!Directory.Exists(resultsDir)) return suites;
        foreach (var file in Directory.GetFiles(resultsDir, "*-report-full.json").OrderBy(File.GetLastWriteTimeUtc))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var machine = MachineLine(root.GetProperty("HostEnvironmentInfo"));
            foreach (var group in root.GetProperty("Benchmarks").EnumerateArray().Select(ReadResult).Where(r => r is not null).GroupBy(r => r!.Type))
            {
                // This project's suites, or bench/Peers' (run with --artifacts pointing here; it writes the same files).
                var commandFile = new[] { "DualGrad.Bench.Suites", "DualGrad.Bench.Peers" }
                    .Select(ns => Path.Combine(resultsDir, $"{ns}.{group.Key}.command.txt")).FirstOrDefault(File.Exists) ?? "";
                var lines = File.Exists(commandFile) ? File.ReadAllLines(commandFile) : [];
                suites[group.Key] = new Suite(group.Key, group.Select(r => r!).ToList(), machine,
                    lines.ElementAtOrDefault(0) ?? "(unknown command)",
                    lines.ElementAtOrDefault(1) ?? File.GetLastWriteTimeUtc(file).ToString("yyyy-MM-dd HH:mm 'UTC'", C),
                    lines.ElementAtOrDefault(2) ?? "");
            }
        }
        return suites;
    }

    private static Result? ReadResult(JsonElement b)
    {
        if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object) return null;   // a failed benchmark
        long? allocated = b.TryGetProperty("Memory", out var mem) && mem.ValueKind == JsonValueKind.Object
            && mem.TryGetProperty("BytesAllocatedPerOperation", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : null;
        return new Result(b.GetProperty("Type").GetString()!, b.GetProperty("Method").GetString()!, b.GetProperty("Parameters").GetString() ?? "",
            stats.GetProperty("Mean").GetDouble(), stats.GetProperty("StandardDeviation").GetDouble(), stats.GetProperty("Median").GetDouble(), allocated);
    }

    // The machine line as BenchmarkDotNet's summary prints it.
    private static string MachineLine(JsonElement h)
    {
        string S(string name) => h.TryGetProperty(name, out var v) ? v.ToString() : "?";
        return $"BenchmarkDotNet v{S("BenchmarkDotNetVersion")}, {S("OsVersion")}; {S("ProcessorName")}, {S("PhysicalProcessorCount")} CPU, " +
               $"{S("LogicalCoreCount")} logical and {S("PhysicalCoreCount")} physical cores; {S("RuntimeVersion")}, {S("Architecture")} RyuJIT; .NET SDK {S("DotNetCliVersion")}";
    }

    // ---------- Markdown ----------

    // Judged = false: a row shown for information (its result column reads "info"); Pass is then null.
    private sealed record Target(string What, string Limit, string Measured, bool? Pass, string Suite, bool Judged = true);

    private static string Markdown(Dictionary<string, Suite> suites, IReadOnlyList<MemoryReport.Row> memory, IReadOnlyList<string> plots)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# DualGrad benchmark results");
        sb.AppendLine();
        sb.AppendLine("<!-- GENERATED by `dotnet run -c Release --project bench -- --report` from bench/BenchmarkDotNet.Artifacts/results. Do not edit by hand. -->");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", C)} by `dotnet run -c Release --project bench -- --report`.");
        sb.AppendLine();
        foreach (var machine in suites.Values.Select(s => s.Machine).Distinct()) sb.AppendLine($"Machine: `{machine}`");
        sb.AppendLine();
        sb.AppendLine("Every time is per call (one value, one gradient, one Jacobian...). **Ratio** = mean time over the mean time of `Plain`, the plain `double` evaluation of the same generic function in the same run (BenchmarkDotNet baseline). **Allocated** is managed bytes per call (MemoryDiagnoser). Read ratios as ±40% on this 2-core machine: plain times moved by up to 1.5x between processes, and other work on the machine (load average printed per suite) inflates both sides.");
        sb.AppendLine();

        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("| target (issue) | limit | measured (ratio of means; of medians) | result | suite |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var t in Targets(suites, memory))
            sb.AppendLine($"| {t.What} | {t.Limit} | {t.Measured} | {(!t.Judged ? "info" : t.Pass is null ? "not measured" : t.Pass.Value ? "**pass**" : "**FAIL**")} | {t.Suite} |");
        sb.AppendLine();

        if (suites.TryGetValue("RosenbrockDirectionalBenchmarks", out var directional))
            foreach (var line in DirectionalNote(directional)) sb.AppendLine(line);

        var crossovers = Crossovers(suites);
        if (crossovers.Count > 0)
        {
            sb.AppendLine("## Forward vs reverse: where reverse overtakes forward");
            sb.AppendLine();
            foreach (var line in crossovers) sb.AppendLine($"- {line}");
            sb.AppendLine();
        }

        if (suites.TryGetValue("DeepChainBenchmarks", out var chain))
            foreach (var line in ChainNote.Lines(chain, suites.GetValueOrDefault("SubnormalArithmeticBenchmarks"))) sb.AppendLine(line);

        if (plots.Count > 0)
        {
            sb.AppendLine("## Plots");
            sb.AppendLine();
            foreach (var p in plots) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(p)}](plots/{Path.GetFileName(p)})");
            sb.AppendLine();
        }

        sb.AppendLine("## Memory per recorded operation");
        sb.AppendLine();
        sb.AppendLine("Measured by the report step itself (`--memory` prints the same table): `GC.GetAllocatedBytesForCurrentThread()` read before and after one reverse gradient on a fresh `Tape<double>` (all it allocates: the tape's steps growing — its first segment doubling up to 16,384 steps, then whole segments — the adjoint buffer, the inputs), divided by `tape.Count`; then the recording's own size: `new Tape<double>(capacity: Count)` (values, two partials, two parent indices and an opcode per step), then one gradient on that tape (adjoint buffer, inputs); then the same call again on the now-warm tape; last, the workspace of the recording compiled (`CompiledRecording.CreateWorkspace`: a value and an adjoint per step, and the two partials of steps whose rule is not recomputed on the way back), which is all a compiled replay works in besides the frozen recording.");
        sb.AppendLine();
        sb.AppendLine(MemoryReport.Markdown(memory));
        sb.AppendLine();

        sb.AppendLine("## All results");
        foreach (var name in SuiteOrder.Where(suites.ContainsKey).Concat(suites.Keys.Except(SuiteOrder).Order()))
        {
            var s = suites[name];
            sb.AppendLine();
            sb.AppendLine($"### {name}");
            sb.AppendLine();
            sb.AppendLine($"Command: `{s.Command}` ({s.Date}{(s.Load.Length > 0 ? "; " + s.Load : "")})");
            sb.AppendLine();
            var hasParams = s.Results.Any(r => r.Parameters.Length > 0);
            sb.AppendLine(hasParams ? "| parameters | method | mean | std dev | median | ratio | allocated |" : "| method | mean | std dev | median | ratio | allocated |");
            sb.AppendLine(hasParams ? "|---|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|");
            foreach (var r in s.Results.OrderBy(r => r.Param("N") ?? 0).ThenBy(r => r.Param("M") ?? 0).ThenBy(r => r.Method == "Plain" ? 0 : 1))
            {
                var ratio = s.Ratio(r.Method, r.Parameters);
                var cells = $"{r.Method} | {Time(r.Mean)} | {Time(r.StdDev)} | {Time(r.Median)} | {(r.Method == "Plain" ? "1 (baseline)" : ratio is { } x ? Ratio(x) : "?")} | {Bytes(r.Allocated)} |";
                sb.AppendLine(hasParams ? $"| {r.Parameters.Replace("&", ", ")} | {cells}" : $"| {cells}");
            }
            var skipped = Skipped(name);
            if (skipped.Length > 0) sb.AppendLine().AppendLine($"Skipped (one invocation would take over about 2 s): {skipped}");
        }
        return sb.ToString();
    }

    private static readonly string[] SuiteOrder =
    [
        "PowellBenchmarks", "RosenbrockDirectionalBenchmarks", "ChunkedVsSinglePassesBenchmarks", "RosenbrockReverseBenchmarks",
        "DeepChainBenchmarks", "SubnormalArithmeticBenchmarks", "GradientScalingRosenbrock", "GradientScalingTranscendental", "JacobianShapesBenchmarks", "HessianBenchmarks",
    ];

    private static string Skipped(string suite) => suite switch
    {
        "GradientScalingRosenbrock" => "ForwardChunked and CentralDifferences at N = 100,000 (estimated 4 s and 12 s per gradient).",
        "GradientScalingTranscendental" => "ForwardChunked at N = 100,000; CentralDifferences at N ≥ 10,000 (estimated 3 s at 10,000).",
        "JacobianShapesBenchmarks" => $"shapes with N·M > {SizeLimitFilter.MaxJacobianEntries:N0} (N = M = 1,000).",
        _ => "",
    };

    private static IEnumerable<Target> Targets(Dictionary<string, Suite> suites, IReadOnlyList<MemoryReport.Row> memory)
    {
        Target RatioTarget(string what, string suite, string method, string parameters, double limit)
        {
            if (!suites.TryGetValue(suite, out var s) || s.Ratio(method, parameters) is not { } r)
                return new(what, $"≤ {limit}x", "-", null, suite);
            var m = s.MedianRatio(method, parameters)!.Value;
            return new(what, $"≤ {limit}x", $"{Ratio(r)}; {Ratio(m)} ({Time(s.Get(method, parameters)!.Mean)} vs {Time(s.Get("Plain", parameters)!.Mean)})", r <= limit, suite);
        }
        Target ZeroBytes(string what, string suite, string method, string parameters)
        {
            if (!suites.TryGetValue(suite, out var s) || s.Get(method, parameters) is not { } r) return new(what, "0 B", "-", null, suite);
            return new(what, "0 B", Bytes(r.Allocated), r.Allocated == 0, suite);
        }

        yield return RatioTarget("Forward gradient of Powell, chunked (one pass), dual numbers (#2)", "PowellBenchmarks", "ForwardChunked", "", 6);
        yield return RatioTarget("Forward gradient of Powell, chunked (one pass), compiled recording's sweep (#2)", "PowellBenchmarks", "ForwardCompiledChunked", "", 6);
        yield return RatioTarget("Forward directional derivative, Rosenbrock n = 1,000, dual numbers (#2)", "RosenbrockDirectionalBenchmarks", "ForwardDirectional", "N=1000", 2.5);
        yield return RatioTarget("Forward directional derivative, Rosenbrock n = 1,000, compiled recording's tangent sweep (#2)", "RosenbrockDirectionalBenchmarks", "ForwardCompiled", "N=1000", 2.5);
        // The facade's forward gradient runs Chunk8 for more than 4 inputs (AD.ValueAndGradient), so Chunk8 is the user-facing
        // chunked gradient here and the one judged; Chunk4 is shown beside it, not judged.
        const string chunked = "ChunkedVsSinglePassesBenchmarks";
        string Faster(Result c, Result single) =>
            $"{Ratio(single.Mean / c.Mean)} faster; {Ratio(single.Median / c.Median)} ({Time(c.Mean)} vs {Time(single.Mean)})";
        var singlePasses = suites.TryGetValue(chunked, out var cv) ? cv.Get("ForwardSinglePasses", "N=1000") : null;
        const string chunk8What = "Chunked forward gradient as the facade runs it (Chunk8) vs n single passes, Rosenbrock n = 1,000 (#2)";
        yield return singlePasses is not null && cv!.Get("ForwardChunk8", "N=1000") is { } c8
            ? new(chunk8What, "≥ 4x faster", Faster(c8, singlePasses), singlePasses.Mean / c8.Mean >= 4, chunked)
            : new(chunk8What, "≥ 4x faster", "-", null, chunked);
        if (singlePasses is not null && cv!.Get("ForwardChunk4", "N=1000") is { } c4)
            yield return new("Chunked forward gradient with Chunk4 vs n single passes, Rosenbrock n = 1,000", "(not judged: the facade uses Chunk8 for n > 4)",
                Faster(c4, singlePasses), null, chunked, Judged: false);
        yield return ZeroBytes("0 bytes per forward derivative: Powell, chunked (#2)", "PowellBenchmarks", "ForwardChunked", "");
        yield return ZeroBytes("0 bytes per forward derivative: Powell, single passes (#2)", "PowellBenchmarks", "ForwardSinglePasses", "");
        yield return ZeroBytes("0 bytes per forward derivative: Powell, compiled recording's chunked sweep (#2)", "PowellBenchmarks", "ForwardCompiledChunked", "");
        yield return ZeroBytes("0 bytes per forward derivative: Rosenbrock n = 1,000 directional (#2)", "RosenbrockDirectionalBenchmarks", "ForwardDirectional", "N=1000");
        yield return ZeroBytes("0 bytes per forward derivative: Rosenbrock n = 1,000 directional, compiled tangent sweep (#2)", "RosenbrockDirectionalBenchmarks", "ForwardCompiled", "N=1000");
        yield return ZeroBytes("0 bytes per forward derivative: Rosenbrock n = 1,000 chunked gradient (#2)", "ChunkedVsSinglePassesBenchmarks", "ForwardChunk8", "N=1000");
        // Reverse-mode targets are shown for each way to take the gradient: the tape (a fresh one per call, or one reused),
        // and a recording compiled once (Recording.Compile) and replayed, the optimisation-loop case; the one-time
        // cost of compiling is in CompileBenchmarks.
        yield return RatioTarget("Reverse gradient of Powell, fresh tape (#3)", "PowellBenchmarks", "Reverse", "", 50);
        yield return RatioTarget("Reverse gradient of Powell, reused tape (#3)", "PowellBenchmarks", "ReverseReusedTape", "", 50);
        yield return RatioTarget("Reverse gradient of Powell, compiled recording (#3)", "PowellBenchmarks", "ReverseCompiled", "", 50);
        foreach (var n in new[] { 1_000, 100_000, 1_000_000 })
        {
            yield return RatioTarget($"Reverse gradient of Rosenbrock n = {n:N0}, fresh tape (#3)", "RosenbrockReverseBenchmarks", "Reverse", $"N={n}", 40);
            yield return RatioTarget($"Reverse gradient of Rosenbrock n = {n:N0}, reused tape (#3)", "RosenbrockReverseBenchmarks", "ReverseReusedTape", $"N={n}", 40);
            yield return RatioTarget($"Reverse gradient of Rosenbrock n = {n:N0}, compiled recording (#3)", "RosenbrockReverseBenchmarks", "Compiled", $"N={n}", 40);
        }
        foreach (var n in new[] { 1_000, 10_000, 100_000, 1_000_000 })
        {
            yield return RatioTarget($"Reverse derivative of the chain, {n:N0} steps, reused tape (#3)", "DeepChainBenchmarks", "ReverseReusedTape", $"N={n}", 3);
            yield return RatioTarget($"Reverse derivative of the chain, {n:N0} steps, compiled recording (#3)", "DeepChainBenchmarks", "ReverseCompiled", $"N={n}", 3);
        }
        foreach (var n in new[] { 1_000, 100_000 })
        {
            yield return RatioTarget($"Replayed recording of Rosenbrock n = {n:N0}, value and gradient, interpreted (#3)", "RosenbrockReverseBenchmarks", "Replay", $"N={n}", 20);
            yield return RatioTarget($"Replayed recording of Rosenbrock n = {n:N0}, value and gradient, compiled (#3)", "RosenbrockReverseBenchmarks", "Compiled", $"N={n}", 20);
        }
        var rosen = memory.Where(m => m.Case == "Rosenbrock").ToList();
        if (rosen.Count > 0)
        {
            yield return new("Recorded memory per scalar operation, Rosenbrock: the tape's own arrays (#3)", "≤ 40 B",
                string.Join("; ", rosen.Select(m => $"{m.TapePerStep:0.0} B at n = {m.N:N0}")), rosen.Max(m => Math.Round(m.TapePerStep, 1)) <= 40, "--memory");
            yield return new("Same, everything a fresh-tape gradient allocates (growing segments, adjoints) (#3)", "≤ 40 B",
                string.Join("; ", rosen.Select(m => $"{m.FreshPerStep:0.0} B at n = {m.N:N0}")), rosen.Max(m => m.FreshPerStep) <= 40, "--memory");
        }
        // Issue 4: the facade against the mode it calls, same run, Powell (N = 4).
        if (suites.TryGetValue("FacadeBenchmarks", out var fb))
        {
            foreach (var (facade, direct, mode) in new[] { ("FacadeForward", "DirectForward", "forward"), ("FacadeReverse", "DirectReverse", "reverse") })
            {
                var what = $"Facade over the mode called directly, Powell's gradient, {mode} (#4)";
                if (fb.Get(facade, "N=4") is not { } f || fb.Get(direct, "N=4") is not { } d)
                {
                    yield return new(what, "≤ 1.10x", "-", null, "FacadeBenchmarks");
                    continue;
                }
                yield return new(what, "≤ 1.10x", $"{Ratio(f.Mean / d.Mean)}; {Ratio(f.Median / d.Median)} ({Time(f.Mean)} vs {Time(d.Mean)})", f.Mean / d.Mean <= 1.10, "FacadeBenchmarks");
            }
        }
        // Issue 4: Mode.Auto picks the faster mode in every measured Jacobian shape, except where the two are within 1.5x.
        if (suites.TryGetValue("JacobianShapesBenchmarks", out var js))
        {
            var wrong = new List<string>();
            var shapes = 0;
            foreach (var fwd in js.Results.Where(r => r.Method == "ForwardColumns"))
            {
                if (js.Get("ReverseRows", fwd.Parameters) is not { } rev || fwd.Param("N") is not { } n || fwd.Param("M") is not { } m) continue;
                shapes++;
                var picked = DualGrad.AD.ChooseMode(n, m) == DualGrad.Mode.Forward ? fwd : rev;
                var best = Math.Min(fwd.Mean, rev.Mean);
                if (picked.Mean > 1.5 * best) wrong.Add($"n = {n}, m = {m}: picked {picked.Method} ({Ratio(picked.Mean / best)} the faster)");
            }
            if (shapes > 0)
                yield return new("Mode.Auto picks the faster Jacobian mode (or one within 1.5x) in every measured shape (#4)", "every shape",
                    wrong.Count == 0 ? $"{shapes} of {shapes} shapes" : $"{shapes - wrong.Count} of {shapes}; " + string.Join("; ", wrong), wrong.Count == 0, "JacobianShapesBenchmarks");
        }
        // bench/Peers measures torch and DualGrad in one run; its results are read when it was run into this folder.
        const string peers = "PowellGradientBenchmarks";
        foreach (var (method, label) in new[] { ("DualGradReverseReusedTape", "reused tape"), ("DualGradReverse", "ReverseMode.ValueAndGradient"), ("DualGradCompiled", "compiled recording") })
        {
            var what = $"Reverse gradient of Powell ({label}) ≥ 2,000x faster than TorchSharp scalar-op autograd (#7)";
            if (!suites.TryGetValue(peers, out var p) || p.Get("TorchScalarOps") is not { } torch || p.Get(method) is not { } ours)
            {
                yield return new(what, "≥ 2,000x", "not run: see bench/Peers/README.md", null, "bench/Peers");
                continue;
            }
            yield return new(what, "≥ 2,000x", $"{Ratio(torch.Mean / ours.Mean)} faster; {Ratio(torch.Median / ours.Median)} ({Time(ours.Mean)} vs {Time(torch.Mean)})",
                torch.Mean / ours.Mean >= 2000, "bench/Peers " + peers);
        }
    }

    // The directional suite's two reference rows, when the artifacts have them: what an op-by-op dual number costs
    // (TextbookDual) and what a hand-written JVP costs, beside the library's directional derivative. Nothing is judged.
    internal static IEnumerable<string> DirectionalNote(Suite s)
    {
        const string p = "N=1000";
        if (s.Ratio("TextbookDual", p) is not { } textbook || s.Ratio("HandWrittenJvp", p) is not { } hand) yield break;
        string Both(string method) => $"{Ratio(s.Ratio(method, p)!.Value)} (medians {Ratio(s.MedianRatio(method, p)!.Value)})";
        const double target = 2.5;
        var where = textbook > target && hand <= target ? $"The {target}x target lies between the textbook dual number and the hand-written JVP."
            : textbook <= target ? $"Here even the textbook dual number is within {target}x."
            : $"Here even the hand-written JVP is above {target}x.";
        yield return "## The directional derivative against a textbook dual number and a hand-written JVP";
        yield return "";
        yield return "Rosenbrock n = 1,000, RosenbrockDirectionalBenchmarks, ratio to `Plain` in the same run (means; medians): " +
                     (s.Ratio("ForwardDirectional", p) is not null ? $"the library's directional derivative {Both("ForwardDirectional")}; " : "") +
                     (s.Ratio("ForwardCompiled", p) is not null ? $"the same derivative by the tangent sweep of a compiled recording {Both("ForwardCompiled")}; " : "") +
                     $"a textbook dual number (two doubles, + − × only, no conventions, inputs seeded per call like the library's) {Both("TextbookDual")}; " +
                     $"value and derivative written by hand in one loop {Both("HandWrittenJvp")}. {where} " +
                     "The textbook row is what any op-by-op dual number costs here; the hand-written row is what algebra-aware code can do.";
        yield return "";
    }

    // Where the reverse gradient becomes faster than the chunked forward gradient, interpolated in log n.
    internal static List<string> Crossovers(Dictionary<string, Suite> suites)
    {
        var lines = new List<string>();
        foreach (var name in new[] { "GradientScalingRosenbrock", "GradientScalingTranscendental" })
        {
            if (!suites.TryGetValue(name, out var s)) continue;
            var n = Crossover(s);
            var label = name["GradientScaling".Length..];
            lines.Add(n is null ? $"{label}: no crossover in the measured range." :
                $"{label}: reverse (reused tape) overtakes forward (Chunk8) at n ≈ {n.Value.ToString("N0", C)} (interpolated between measured sizes).");
        }
        return lines;
    }

    /// <summary>
    /// The n from which reverse stays faster than forward at every larger measured n, interpolated linearly in
    /// (log n, log time ratio) between the last size where forward won and the next; null if forward wins at the largest
    /// measured n, the smallest n if reverse wins everywhere. (Rosenbrock at n = 1 is a constant, so its first point is not informative.)
    /// </summary>
    internal static double? Crossover(Suite s)
    {
        var points = s.Results.Where(r => r.Method == "ForwardChunked")
            .Select(f => (N: f.Param("N")!.Value, Fwd: f.Mean, Rev: s.Get("ReverseReusedTape", f.Parameters)?.Mean))
            .Where(p => p.Rev is not null).OrderBy(p => p.N).ToList();
        if (points.Count == 0 || points[^1].Rev >= points[^1].Fwd) return null;
        var i = points.Count - 1;
        while (i > 0 && points[i - 1].Rev < points[i - 1].Fwd) i--;
        if (i == 0) return points[0].N;
        var d0 = Math.Log(points[i - 1].Rev!.Value / points[i - 1].Fwd);
        var d1 = Math.Log(points[i].Rev!.Value / points[i].Fwd);
        var t = d0 / (d0 - d1);
        return Math.Exp(Math.Log(points[i - 1].N) + t * (Math.Log(points[i].N) - Math.Log(points[i - 1].N)));
    }

    internal static string Time(double ns) => ns switch
    {
        < 1e3 => ns.ToString("0.00", C) + " ns",
        < 1e6 => (ns / 1e3).ToString("0.00", C) + " µs",
        < 1e9 => (ns / 1e6).ToString("0.00", C) + " ms",
        _ => (ns / 1e9).ToString("0.00", C) + " s",
    };

    internal static string Ratio(double r) => (r >= 100 ? r.ToString("N0", C) : r.ToString("0.00", C)) + "x";

    private static string Bytes(long? b) => b switch { null => "?", 0 => "0 B", _ => b.Value.ToString("N0", C) + " B" };
}
