using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace DualGrad.Reverse;

/// <summary>Scratch memory for replaying a <see cref="CompiledRecording{T}"/> on one thread: values, kept partials, adjoints
/// (and tangents, once a directional derivative is asked for).</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class CompiledWorkspace<T> where T : IFloatingPointIeee754<T>
{
    internal CompiledWorkspace(CompiledRecording<T> owner, ImmutableArray<Tape<T>.Step> steps, int partials)
    {
        Owner = owner;
        // Every step's recorded value: a leaf that is not one of the inputs (a variable made inside f) keeps it.
        Values = new T[steps.Length];
        for (var i = 0; i < steps.Length; i++) Values[i] = steps[i].Value;
        Partials = new T[Math.Max(partials, 1)];
        Adjoints = new T[steps.Length];   // zero, and left zero by every replay (see CompiledRecording.ValueAndGradient)
    }

    internal CompiledRecording<T> Owner { get; }

    internal T[] Values { get; }

    internal T[] Partials { get; }

    internal T[] Adjoints { get; }

    // Made on first use: a workspace that only ever takes reverse gradients does not pay for them.
    internal T[] Tangents => _tangents ??= new T[Values.Length];

    // A four-direction sweep's tangents, and its inputs' (the seeds). Between calls the seeds are the first sweep's:
    // input k's unit vector in lane k for k < 4, zero for the others (CompiledForwardMode.GradientChunked).
    internal Vector256<double>[] Chunks => _chunks ??= new Vector256<double>[Values.Length];

    internal Vector256<double>[] Seeds => _seeds ??= FirstSweepSeeds(Owner.InputLength);

    private static Vector256<double>[] FirstSweepSeeds(int inputs)
    {
        var seeds = new Vector256<double>[inputs];
        ChunkTangents.Seed(seeds, 0);
        return seeds;
    }

    private T[]? _tangents;
    private Vector256<double>[]? _chunks;
    private Vector256<double>[]? _seeds;
}
