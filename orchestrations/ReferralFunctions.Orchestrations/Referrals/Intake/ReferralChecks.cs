using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// The rules the schema cannot express (real dates, countries, catalogue codes) and the data-quality findings
/// (check digits, phone validity, ports outside the reference list). Reads only values whose type is already right,
/// so it can run beside the schema on an invalid body. One instance per validation.
/// </summary>
internal sealed partial class ReferralChecks(DateTimeOffset now)
{
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public List<FieldProblem> Errors { get; } = [];

    public List<FieldProblem> Warnings { get; } = [];

    public List<DerivedIndicator> Derived { get; } = [];

    public void Run(JsonElement root)
    {
        const string rootPath = JsonPathText.Root;
        CheckDate(root, "observedAt", rootPath);

        if (Child(root, "location", JsonValueKind.Object) is { } location)
        {
            CheckPort(location, "unLocode", JsonPathText.Property(rootPath, "location"));
        }

        if (Child(root, "shipment", JsonValueKind.Object) is { } shipment)
        {
            CheckShipment(shipment, JsonPathText.Property(rootPath, "shipment"));
        }

        if (Child(root, "parties", JsonValueKind.Array) is { } parties)
        {
            var partiesPath = JsonPathText.Property(rootPath, "parties");
            var i = 0;
            foreach (var party in parties.EnumerateArray())
            {
                if (party.ValueKind == JsonValueKind.Object)
                {
                    CheckParty(party, JsonPathText.Index(partiesPath, i));
                }

                i++;
            }
        }

        CheckIndicators(root);

        if (Child(root, "reporter", JsonValueKind.Object) is { } reporter)
        {
            CheckPhone(reporter, country: null, JsonPathText.Property(rootPath, "reporter"));
        }
    }

    private void CheckShipment(JsonElement shipment, string path)
    {
        if (Child(shipment, "containerNumbers", JsonValueKind.Array) is { } containers)
        {
            var containersPath = JsonPathText.Property(path, "containerNumbers");
            var i = 0;
            foreach (var container in containers.EnumerateArray())
            {
                if (container.ValueKind == JsonValueKind.String && container.GetString() is { } number
                    && ContainerNumber.IsWellFormed(number) && !ContainerNumber.HasValidCheckDigit(number))
                {
                    Warn(JsonPathText.Index(containersPath, i), "has an ISO 6346 check digit that does not match the rest of the number",
                        IndicatorCatalogue.ContainerCheckDigitMismatch);
                }

                i++;
            }
        }

        if (Child(shipment, "vessel", JsonValueKind.Object) is { } vessel
            && Child(vessel, "imoNumber", JsonValueKind.String)?.GetString() is { } imo
            && ImoNumber.IsWellFormed(imo) && !ImoNumber.HasValidCheckDigit(imo))
        {
            Warn(JsonPathText.Property(JsonPathText.Property(path, "vessel"), "imoNumber"),
                "has an IMO check digit that does not match the first six digits", IndicatorCatalogue.ImoCheckDigitMismatch);
        }

        CheckPort(shipment, "portOfLoading", path);
        CheckPort(shipment, "portOfDischarge", path);
        CheckPort(shipment, "placeOfDelivery", path);
        CheckDate(shipment, "arrivedAt", path);
        CheckDate(shipment, "lastGateInAt", path);
        CheckDate(shipment, "lastGateOutAt", path);
    }

    private void CheckParty(JsonElement party, string path)
    {
        string? country = null;
        if (Child(party, "country", JsonValueKind.String)?.GetString() is { } code && CountryPattern().IsMatch(code))
        {
            if (CountryCodes.IsCountry(code))
            {
                country = code;
            }
            else
            {
                Errors.Add(new FieldProblem(JsonPathText.Property(path, "country"), "must be an ISO 3166 alpha-2 country code"));
            }
        }

        CheckPhone(party, country, path);

        if (Child(party, "contactAttempts", JsonValueKind.Array) is { } attempts)
        {
            var attemptsPath = JsonPathText.Property(path, "contactAttempts");
            var i = 0;
            foreach (var attempt in attempts.EnumerateArray())
            {
                if (attempt.ValueKind == JsonValueKind.Object)
                {
                    CheckDate(attempt, "at", JsonPathText.Index(attemptsPath, i));
                }

                i++;
            }
        }
    }

    private void CheckIndicators(JsonElement root)
    {
        var version = IndicatorCatalogue.CurrentVersion;
        if (Child(root, "indicatorCatalogueVersion", JsonValueKind.String)?.GetString() is { } declaredVersion)
        {
            if (!IndicatorCatalogue.IsKnownVersion(declaredVersion))
            {
                Errors.Add(new FieldProblem(
                    JsonPathText.Property(JsonPathText.Root, "indicatorCatalogueVersion"),
                    "must be a known indicator catalogue version: " + string.Join(", ", IndicatorCatalogue.Versions.Order(StringComparer.Ordinal))));
                return;
            }

            version = declaredVersion;
        }

        if (Child(root, "indicators", JsonValueKind.Array) is not { } indicators)
        {
            return;
        }

        var indicatorsPath = JsonPathText.Property(JsonPathText.Root, "indicators");
        var i = 0;
        foreach (var indicator in indicators.EnumerateArray())
        {
            if (indicator.ValueKind == JsonValueKind.Object
                && Child(indicator, "code", JsonValueKind.String)?.GetString() is { } code
                && IndicatorCodePattern().IsMatch(code))
            {
                var codePath = JsonPathText.Property(JsonPathText.Index(indicatorsPath, i), "code");
                if (IndicatorCatalogue.IsDerived(code))
                {
                    Errors.Add(new FieldProblem(codePath, "is derived by the system and cannot be declared"));
                }
                else if (!IndicatorCatalogue.IsDeclarable(code, version))
                {
                    Errors.Add(new FieldProblem(codePath, $"must be a code in indicator catalogue {version}"));
                }
            }

            i++;
        }
    }

    private void CheckPort(JsonElement parent, string property, string parentPath)
    {
        if (Child(parent, property, JsonValueKind.String)?.GetString() is not { } code || !UnLocodePattern().IsMatch(code))
        {
            return; // absent, or already reported by the schema
        }

        var path = JsonPathText.Property(parentPath, property);
        if (!CountryCodes.IsCountry(code.AsSpan(0, 2)))
        {
            Errors.Add(new FieldProblem(path, "must be a UN/LOCODE starting with an ISO 3166 alpha-2 country code"));
        }
        else if (!SeaportList.Contains(code))
        {
            Warn(path, "is not in the seaport reference list", IndicatorCatalogue.PortNotInReferenceList);
        }
    }

    private void CheckPhone(JsonElement parent, string? country, string parentPath)
    {
        if (Child(parent, "phone", JsonValueKind.String)?.GetString() is { Length: > 0 } phone && !PhoneNumberCheck.IsValid(phone, country))
        {
            Warn(JsonPathText.Property(parentPath, "phone"),
                country is null ? "is not a valid international phone number" : "is not a valid phone number for the party's country",
                IndicatorCatalogue.PhoneNotValidForCountry);
        }
    }

    private void CheckDate(JsonElement parent, string property, string parentPath)
    {
        if (Child(parent, property, JsonValueKind.String) is not { } element)
        {
            return;
        }

        var path = JsonPathText.Property(parentPath, property);
        if (!DateTimePattern().IsMatch(element.GetString()!) || !element.TryGetDateTimeOffset(out var value))
        {
            Errors.Add(new FieldProblem(path, ReferralSchema.DateTimeMessage));
        }
        else if (value > now + FutureTolerance)
        {
            Errors.Add(new FieldProblem(path, "must not be more than 5 minutes in the future"));
        }
    }

    private void Warn(string path, string message, string code)
    {
        Warnings.Add(new FieldProblem(path, message));
        Derived.Add(new DerivedIndicator(code, path));
    }

    private static JsonElement? Child(JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == kind ? child : null;

    // RFC 3339 date-time with an upper-case T and an explicit offset; calendar validity is checked by parsing.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnLocodePattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IndicatorCodePattern();
}
