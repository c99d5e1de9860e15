using System.Globalization;
using DualGrad.Bench.Functions;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Reporting;

/// <summary>
/// Bytes per recorded operation, measured directly: GC.GetAllocatedBytesForCurrentThread() around one reverse gradient
/// of Rosenbrock on a fresh tape (everything it allocates: the tape's growing segments, adjoints, inputs), divided by
/// tape.Count; and the same on a reused tape (0 once warm). Also the tape's bytes per step at exact capacity, and what
/// ReverseMode.ValueAndGradient (a tape for the call, arrays from the shared pool) allocates once the pool is warm, and
/// the workspace of the recording compiled (what a compiled replay works in).
/// </summary>
public static class MemoryReport
{
    /// <summary>One measurement.</summary>
    public sealed record Row(string Case, int N, int Steps, long FreshBytes, long TapeBytes, long SweepBytes, long ReusedBytes, long CallBytes, long CompiledWorkspaceBytes)
    {
        /// <summary>A compiled recording's workspace (values, kept partials, adjoints), per recorded step.</summary>
        public double CompiledPerStep => CompiledWorkspaceBytes / (double)Steps;

        /// <summary>Everything one fresh-tape gradient allocates (the growing segments included), per recorded step.</summary>
        public double FreshPerStep => FreshBytes / (double)Steps;

        /// <summary>The recording itself: a tape created with exactly Steps of capacity, per step.</summary>
        public double TapePerStep => TapeBytes / (double)Steps;
    }

    /// <summary>Measures Rosenbrock n = 1,000 / 100,000 / 1,000,000 and the 10⁶-step chain.</summary>
    public static IReadOnlyList<Row> Measure()
    {
        ScalarFunc<Var<double>> rosenbrock = TestFunctions.Rosenbrock;
        var rows = new List<Row>();
        foreach (var n in new[] { 1_000, 100_000, 1_000_000 })
            rows.Add(Measure("Rosenbrock", n, rosenbrock, TestFunctions.Point(n)));
        const int steps = 1_000_000;
        rows.Add(Measure("Chain y = sin(y)*1.0001 + 0.1y", steps, x => TestFunctions.Chain(x[0], steps), [0.5]));
        return rows;
    }

    private static Row Measure(string name, int n, ScalarFunc<Var<double>> f, double[] x)
    {
        var gradient = new double[x.Length];
        ReverseMode.ValueAndGradient(f, x, gradient);   // JIT everything first
        var tape = new Tape<double>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        tape.ValueAndGradient(f, x, gradient);
        var fresh = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        tape.ValueAndGradient(f, x, gradient);
        var reused = GC.GetAllocatedBytesForCurrentThread() - before;
        // The recording's own size: a tape pre-sized to the exact step count, then one gradient on it (adjoints, inputs).
        before = GC.GetAllocatedBytesForCurrentThread();
        var exact = new Tape<double>(tape.Count);
        var tapeBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        exact.ValueAndGradient(f, x, gradient);
        var sweep = GC.GetAllocatedBytesForCurrentThread() - before;
        // ReverseMode.ValueAndGradient: a tape for the call whose arrays (up to 2²⁰ items) come from the shared pool and
        // go back to it; measured on a second call, once the pool holds arrays of this size.
        ReverseMode.ValueAndGradient(f, x, gradient);
        before = GC.GetAllocatedBytesForCurrentThread();
        ReverseMode.ValueAndGradient(f, x, gradient);
        var call = GC.GetAllocatedBytesForCurrentThread() - before;
        // The compiled recording's workspace: what a compiled replay reads and writes besides the inputs and gradient.
        var compiled = Recording<double>.Record(f, x).Compile();
        before = GC.GetAllocatedBytesForCurrentThread();
        compiled.CreateWorkspace();
        var workspace = GC.GetAllocatedBytesForCurrentThread() - before;
        return new Row(name, n, tape.Count, fresh, tapeBytes, sweep, reused, call, workspace);
    }

    /// <summary>The <c>--memory</c> mode: prints the table.</summary>
    public static int Run()
    {
        Console.WriteLine(Markdown(Measure()));
        return 0;
    }

    /// <summary>The table as Markdown.</summary>
    public static string Markdown(IReadOnlyList<Row> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "| function | n | recorded steps | one gradient, fresh tape: allocated | per step | tape pre-sized to the steps: its arrays | per step | + one gradient on it (adjoints, inputs) | same call again, reused tape | ReverseMode.ValueAndGradient (pooled), second call | compiled recording's workspace | per step |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in rows)
            lines.Add(string.Create(c, $"| {r.Case} | {r.N:N0} | {r.Steps:N0} | {r.FreshBytes:N0} B | {r.FreshPerStep:0.0} B | {r.TapeBytes:N0} B | {r.TapePerStep:0.0} B | {r.SweepBytes:N0} B | {r.ReusedBytes:N0} B | {r.CallBytes:N0} B | {r.CompiledWorkspaceBytes:N0} B | {r.CompiledPerStep:0.0} B |"));
        return string.Join('\n', lines);
    }
}
