using System.Runtime.CompilerServices;

// With every rule inlined into user functions, the JIT's frames hold many small struct temporaries; zeroing them on
// every call cost more than the arithmetic (the replay dispatcher took 15 ns a step). No code here reads a local or a
// stackalloc'd span before writing it, which is what this attribute requires.
[module: SkipLocalsInit]
