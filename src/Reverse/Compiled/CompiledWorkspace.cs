using System.Collections.Immutable;
using System.Numerics;

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

    // Made on first use: a workspace that only ever takes gradients does not pay for it.
    internal T[] Tangents => _tangents ??= new T[Values.Length];

    private T[]? _tangents;
}
