using System.Globalization;
using BenchmarkDotNet.Running;
using DualGrad.Bench.Infrastructure;
using DualGrad.Bench.Reporting;

namespace DualGrad.Bench;

/// <summary>
/// Entry point. Every argument not listed here goes to BenchmarkDotNet's switcher (--filter, --list flat, ...).
/// <list type="bullet">
/// <item><c>--quick</c>: the smoke run: every benchmark at its smallest size, one in-process invocation each (numbers not meaningful); exit code 1 if any failed.</item>
/// <item><c>--medium</c>: a shorter job than the default (1 launch, 4 warm-ups, 12 iterations of 250 ms).</item>
/// <item><c>--short</c>: shorter still (1 launch, 2 warm-ups, 5 iterations of 150 ms), for the large parameter sweeps.</item>
/// <item><c>--memory</c>: bytes per recorded operation (GC.GetAllocatedBytesForCurrentThread around a fresh-tape gradient).</item>
/// <item><c>--report</c>: turns the exported JSON in bench/BenchmarkDotNet.Artifacts/results into bench/RESULTS.md and bench/plots/*.png.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--memory")) return MemoryReport.Run();
        if (args.Contains("--report")) return Report.Run();

        var mode = args.Contains("--quick") ? "quick" : args.Contains("--medium") ? "medium" : args.Contains("--short") ? "short" : "default";
        var rest = args.Where(a => a is not ("--quick" or "--medium" or "--short")).ToList();
        if (mode == "quick")
        {
            Environment.SetEnvironmentVariable(BenchConfig.QuickVariable, "1");
            if (!rest.Contains("--filter")) rest.AddRange(["--filter", "*"]);
        }
        var artifacts = mode == "quick" ? Paths.QuickArtifacts : Paths.Artifacts;
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run([.. rest], BenchConfig.Create(mode, artifacts)).ToList();
        var elapsed = DateTime.UtcNow - started;

        var cases = summaries.Sum(s => s.BenchmarksCases.Length);
        var failed = summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
        var invalid = summaries.Any(s => s.HasCriticalValidationErrors);
        if (mode != "quick") RecordCommand(args, summaries, started, $"load average (1, 5, 15 min) before: {loadBefore}; after: {LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// DualGrad.Bench ({mode}): {cases} benchmark cases, {failed.Count} failed, {elapsed.TotalSeconds:0} s"));
        foreach (var f in failed) Console.WriteLine($"// FAILED: {f}");
        return cases == 0 || failed.Count > 0 || invalid ? 1 : 0;
    }

    // The report states which command produced each suite's numbers: one small file per benchmark type, next to its JSON.
    private static void RecordCommand(string[] args, List<BenchmarkDotNet.Reports.Summary> summaries, DateTime started, string load)
    {
        Directory.CreateDirectory(Paths.Results);
        var command = "dotnet run -c Release --project bench -- " + string.Join(' ', args.Select(a => a.Contains('*') || a.Contains(' ') ? $"'{a}'" : a));
        foreach (var type in summaries.SelectMany(s => s.BenchmarksCases).Select(c => c.Descriptor.Type.FullName).Distinct())
            File.WriteAllText(Path.Combine(Paths.Results, $"{type}.command.txt"),
                command + "\n" + started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + "\n" + load + "; commit " + Commit() + "\n");
    }

    // The checked-out commit (read from .git, no git process); the working tree may hold uncommitted changes on top.
    private static string Commit()
    {
        try
        {
            var git = Path.Combine(Paths.BenchDirectory, "..", ".git");
            var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return head[..Math.Min(12, head.Length)];
            var name = head[5..];
            var loose = Path.Combine(git, name);
            var hash = File.Exists(loose) ? File.ReadAllText(loose).Trim()
                : File.ReadLines(Path.Combine(git, "packed-refs")).FirstOrDefault(l => l.EndsWith(" " + name, StringComparison.Ordinal))?.Split(' ')[0] ?? "?";
            return hash[..Math.Min(12, hash.Length)];
        }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    // Other work on the machine moves the numbers; the report prints this next to each suite (Linux only).
    private static string LoadAverage()
    {
        try { return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
