using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ReferralFunctions.Http;

namespace ReferralFunctions.Audit;

/// <summary>
/// Why a staff member reads confidential data: the <c>X-Access-Purpose</c> header (e.g. a case or tasking number), or
/// the step the endpoint serves when none is given. It goes on the audit trail, so it must be short plain text.
/// </summary>
public static class AccessPurpose
{
    public const string Header = "X-Access-Purpose";
    public const int MaxLength = 200;

    public static (string? Purpose, IResult? Problem) Read(HttpRequest request, string fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return (fallback, null);
        }

        return Parse(request, values);
    }

    /// <summary>The purpose where one must be stated (no fallback): a missing header is the same 400 as an invalid one.</summary>
    public static (string? Purpose, IResult? Problem) ReadRequired(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Parse(request, request.Headers[Header]);
    }

    private static (string? Purpose, IResult? Problem) Parse(HttpRequest request, StringValues values)
    {
        var purpose = values.Count == 1 ? values[0]!.Trim() : "";
        return purpose.Length is 0 or > MaxLength || purpose.Any(char.IsControl)
            ? (null, Problems.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemTypes.InvalidPurpose, "The access purpose is invalid.", null,
                [new FieldError(Header, $"must be one line of 1 to {MaxLength} characters")]))
            : (purpose, null);
    }
}
