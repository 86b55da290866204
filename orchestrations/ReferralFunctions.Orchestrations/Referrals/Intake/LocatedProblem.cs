using Json.Pointer;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>A <see cref="FieldProblem"/> while validation runs: located by JSON Pointer, written as a path at the end.</summary>
internal readonly record struct LocatedProblem(JsonPointer Pointer, string Message);
