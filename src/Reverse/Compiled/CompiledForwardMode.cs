using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DualGrad.Reverse;

/// <summary>Forward mode on a compiled recording of a function of doubles: the gradient in chunks of four directions.</summary>
public static class CompiledForwardMode
{
    /// <summary>
    /// f(x) and ∇f(x) by forward mode: ⌈n/4⌉ tangent sweeps of the compiled recording, each pushing four directions
    /// (four inputs' unit vectors) forward at once, one per lane of a 256-bit register. Up to about eight inputs it is
    /// the cheapest gradient of a compiled recording (Rosenbrock: a fifth of the reverse gradient's time at n = 4, four
    /// fifths at n = 8); from sixteen on, reverse mode (<see cref="CompiledRecording{T}.ValueAndGradient"/>), one sweep
    /// back instead of n/4 forward, is cheaper (CompiledForwardVsReverseBenchmarks). A recording of at most four inputs
    /// whose steps compiled to one straight piece (no loop, nothing past the budget) takes it in one sweep that keeps
    /// everything in registers and uses no workspace: Powell's gradient then costs under six times its plain
    /// evaluation (PowellBenchmarks).
    /// </summary>
    /// <remarks>
    /// Each partial derivative equals, bit for bit, the directional derivative along its unit vector
    /// (<see cref="CompiledRecording{T}.DirectionalDerivative"/>, <see cref="Recording{T}.DirectionalDerivative"/>), and the
    /// dual numbers' (ForwardMode.GradientChunked) wherever their rules are the recording's; it need not equal the reverse
    /// gradient in the last bits, which sums the same terms in another order. A lane that is NaN without the masks is
    /// taken again with them, one direction at a time.
    /// </remarks>
    /// <param name="compiled">The compiled recording.</param>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="gradient">Receives ∇f(x).</param>
    /// <param name="workspace">Scratch memory from <see cref="CompiledRecording{T}.CreateWorkspace"/>; a fresh one is made if null (and none is needed by the one-sweep case).</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    /// <example>
    /// <code>
    /// var compiled = Recording&lt;double&gt;.Record(x =&gt; x[0] * x[1], [2.0, 3.0]).Compile();
    /// var g = new double[2];
    /// double f = compiled.GradientChunked([2.0, 3.0], g);   // 6, [3, 2]
    /// </code>
    /// </example>
    public static double GradientChunked(this CompiledRecording<double> compiled, ReadOnlySpan<double> x, Span<double> gradient, CompiledWorkspace<double>? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        // The common case of a small gradient, tested in one go: anything else, every wrong argument included, goes
        // the general way, which checks each one. (The direct sweep needs no workspace; a given one must still be this
        // recording's.)
        if (compiled.DirectChunk is { } direct && x.Length == compiled.InputLength && gradient.Length == x.Length && (workspace is null || workspace.Owner == compiled))
            return Direct(direct, x, gradient);
        return Sweeps(compiled, x, gradient, workspace);
    }

    // One sweep in locals, from x into the gradient (KernelEmitter.EmitDirectChunk), with no workspace; it takes NaN
    // partials again itself.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Direct(DirectChunkKernel direct, ReadOnlySpan<double> x, Span<double> gradient) =>
        direct(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(gradient));

    // ⌈n/4⌉ sweeps through the workspace. Out of line: a small gradient's one direct sweep costs about what its
    // arithmetic costs, and this method's frame would cost it as much again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Sweeps(CompiledRecording<double> compiled, ReadOnlySpan<double> x, Span<double> gradient, CompiledWorkspace<double>? workspace)
    {
        compiled.Source.CheckPoint(x, gradient);
        if (compiled.DirectChunk is { } direct)
        {
            if (workspace is not null) compiled.Own(workspace);   // not needed, but a foreign one is still refused
            return Direct(direct, x, gradient);
        }
        workspace = compiled.Own(workspace);
        var values = workspace.Values;
        var chunks = workspace.Chunks;
        var seeds = workspace.Seeds;
        if (compiled.TangentInputsCopied) compiled.Load(x, values);
        var output = compiled.Output;
        if (output < 0)
        {
            gradient.Clear();
            return compiled.Source.OutputConstant;
        }
        // ⌈n/4⌉ sweeps. The workspace holds the first sweep's seeds between calls; later sweeps move them along, and
        // they are moved back at the end. The sweeps read x itself, and the seeds, unless the inputs must be copied in.
        const int width = ChunkTangents.Width;
        var nan = false;
        for (var start = 0; start < x.Length; start += width)
        {
            var count = Math.Min(width, x.Length - start);
            if (start > 0) Reseed(seeds, start - width, start);
            if (compiled.TangentInputsCopied) compiled.Load<Vector256<double>>(seeds, chunks);
            CompiledRecording<double>.Sweep(compiled.ChunkSweeps, values, chunks, x, seeds);
            // As the direct sweep stores its lanes. (An output that is an input has the seeds, 0 and 1, for lanes: the
            // + 0 and the NaN test leave them alone.)
            var lanes = chunks[output];
            nan |= !ChunkTangents.AllNumbers(lanes);
            ChunkTangents.StoreGradient(ref gradient[start], lanes, count);
        }
        if (x.Length > width) Reseed(seeds, (x.Length - 1) / width * width, 0);
        if (nan) Retake(compiled.Source, x, gradient);
        return values[output];
    }

    // A direct sweep's retake: its binding's recording, x and the gradient (count inputs); returns the sweep's f(x).
    // Out of the sweep's code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static double Retake(DirectBinding binding, ref double x, ref double gradient, int count, double value)
    {
        Retake(binding.Source, MemoryMarshal.CreateReadOnlySpan(ref x, count), MemoryMarshal.CreateSpan(ref gradient, count));
        return value;
    }

    // Lanes that are NaN without the masks, taken again with them, one direction at a time (rare: allocates).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Retake(Recording<double> recording, ReadOnlySpan<double> x, Span<double> gradient)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(gradient[i])) continue;
            var unit = new double[x.Length];
            unit[i] = 1.0;
            gradient[i] = recording.DirectionalDerivative(x, unit).Derivative;
        }
    }

    // Moves the seeds from the sweep starting at input `from` to the one starting at `to` (unit vectors in lanes 0 … 3).
    // Whole-vector stores, made in registers (Chunk4.Basis): the sweep loads these very vectors next, and a vector
    // written lane by lane (WithElement at a variable lane goes through memory) cannot be forwarded to that load:
    // Rosenbrock's gradient at n = 8 (two sweeps, two moves) took 104 ns a call with lane-by-lane seeds, 60 ns without.
    private static void Reseed(Vector256<double>[] seeds, int from, int to)
    {
        for (var k = 0; k < ChunkTangents.Width && from + k < seeds.Length; k++) seeds[from + k] = Vector256<double>.Zero;
        ChunkTangents.Seed(seeds, to);
    }
}
