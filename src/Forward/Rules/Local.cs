namespace DualGrad.Forward;

/// <summary>
/// A primitive's answer at a point: its value and its local derivative, standing together.
/// Forward mode multiplies <see cref="Derivative"/> into a tangent; reverse mode multiplies it into an adjoint.
/// </summary>
/// <typeparam name="T">The scalar type (double, or a dual number when derivatives nest).</typeparam>
/// <param name="Value">f(x).</param>
/// <param name="Derivative">f'(x).</param>
public readonly record struct Local<T>(T Value, T Derivative);

/// <summary>A two-argument primitive's value and its two partial derivatives.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
/// <param name="Value">f(x, y).</param>
/// <param name="DX">∂f/∂x.</param>
/// <param name="DY">∂f/∂y.</param>
public readonly record struct Local2<T>(T Value, T DX, T DY);
