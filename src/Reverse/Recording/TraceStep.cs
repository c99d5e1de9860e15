using System.Collections.Immutable;
using System.Numerics;

namespace DualGrad.Reverse;

/// <summary>
/// One line of a backward pass, as it happens: step <paramref name="Node"/> computed <paramref name="Operation"/> from
/// <paramref name="Parents"/>; its local partials ∂node/∂parent; and its adjoint ∂output/∂node, complete when its pullback runs.
/// The pullback then adds <c>LocalPartials[k] · Adjoint</c> into parent k's adjoint.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
/// <param name="Node">The step's index.</param>
/// <param name="Operation">The primitive's name (Input for a leaf).</param>
/// <param name="Value">The step's value.</param>
/// <param name="Parents">The steps it was computed from (constants are not listed).</param>
/// <param name="LocalPartials">∂node/∂parent for each parent (empty for a custom primitive, whose closure computes them).</param>
/// <param name="Adjoint">∂output/∂node.</param>
public sealed record TraceStep<T>(int Node, string Operation, T Value, ImmutableArray<int> Parents, ImmutableArray<T> LocalPartials, T Adjoint)
    where T : IFloatingPointIeee754<T>;
