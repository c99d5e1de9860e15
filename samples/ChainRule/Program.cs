// The notebook "Understanding the chain rule", reproduced with DualGrad. Run from the repository root:
//   dotnet run --project samples/ChainRule [-- --help]
return ChainRule.Walkthrough.Run(args, Console.Out, Console.Error);
