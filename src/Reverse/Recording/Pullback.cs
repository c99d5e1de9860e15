namespace DualGrad.Reverse;

/// <summary>
/// A pullback: the backward step of one primitive, as a closure. Given the adjoint of the primitive's output, it adds
/// each input's contribution (∂out/∂inputᵢ · outputAdjoint) into <paramref name="inputAdjoints"/>.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
/// <param name="outputAdjoint">∂L/∂out, arriving from the rest of the program (the continuation).</param>
/// <param name="inputAdjoints">One slot per input, zeroed before the call; the pullback adds into it.</param>
public delegate void Pullback<T>(T outputAdjoint, Span<T> inputAdjoints);
