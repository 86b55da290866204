using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Pointer;

namespace ReferralFunctions.Referrals.Intake;

/// <summary>
/// The rules the schema cannot express (real dates, countries, catalogue codes) and the data-quality findings
/// (check digits, phone validity, ports outside the reference list). Reads only values whose type is already right,
/// so it can run beside the schema on an invalid body. One instance per validation.
/// </summary>
internal sealed partial class ReferralChecks(DateTimeOffset now)
{
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public List<LocatedProblem> Errors { get; } = [];

    public List<LocatedProblem> Warnings { get; } = [];

    public List<(JsonPointer Pointer, string Code)> Derived { get; } = [];

    public void Run(JsonElement root)
    {
        var rootPath = JsonPointer.Empty;
        CheckDate(root, "observedAt", rootPath);

        if (Child(root, "location", JsonValueKind.Object) is { } location)
        {
            CheckPort(location, "unLocode", JsonPointer.Create("location"));
        }

        if (Child(root, "shipment", JsonValueKind.Object) is { } shipment)
        {
            CheckShipment(shipment, JsonPointer.Create("shipment"));
        }

        if (Child(root, "parties", JsonValueKind.Array) is { } parties)
        {
            var partiesPath = JsonPointer.Create("parties");
            var i = 0;
            foreach (var party in parties.EnumerateArray())
            {
                if (party.ValueKind == JsonValueKind.Object)
                {
                    CheckParty(party, partiesPath.Combine(i));
                }

                i++;
            }
        }

        CheckIndicators(root);

        if (Child(root, "reporter", JsonValueKind.Object) is { } reporter)
        {
            CheckPhone(reporter, country: null, JsonPointer.Create("reporter"));
        }
    }

    private void CheckShipment(JsonElement shipment, JsonPointer path)
    {
        if (Child(shipment, "containerNumbers", JsonValueKind.Array) is { } containers)
        {
            var containersPath = path.Combine("containerNumbers");
            var i = 0;
            foreach (var container in containers.EnumerateArray())
            {
                if (container.ValueKind == JsonValueKind.String && container.GetString() is { } number
                    && ContainerNumber.IsWellFormed(number) && !ContainerNumber.HasValidCheckDigit(number))
                {
                    Warn(containersPath.Combine(i), "has an ISO 6346 check digit that does not match the rest of the number",
                        IndicatorCatalogue.ContainerCheckDigitMismatch);
                }

                i++;
            }
        }

        if (Child(shipment, "vessel", JsonValueKind.Object) is { } vessel
            && Child(vessel, "imoNumber", JsonValueKind.String)?.GetString() is { } imo
            && ImoNumber.IsWellFormed(imo) && !ImoNumber.HasValidCheckDigit(imo))
        {
            Warn(path.Combine("vessel", "imoNumber"),
                "has an IMO check digit that does not match the first six digits", IndicatorCatalogue.ImoCheckDigitMismatch);
        }

        CheckPort(shipment, "portOfLoading", path);
        CheckPort(shipment, "portOfDischarge", path);
        CheckPort(shipment, "placeOfDelivery", path);
        CheckDate(shipment, "arrivedAt", path);
        CheckDate(shipment, "lastGateInAt", path);
        CheckDate(shipment, "lastGateOutAt", path);
    }

    private void CheckParty(JsonElement party, JsonPointer path)
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
                Errors.Add(new LocatedProblem(path.Combine("country"), "must be an ISO 3166 alpha-2 country code"));
            }
        }

        CheckPhone(party, country, path);

        if (Child(party, "contactAttempts", JsonValueKind.Array) is { } attempts)
        {
            var attemptsPath = path.Combine("contactAttempts");
            var i = 0;
            foreach (var attempt in attempts.EnumerateArray())
            {
                if (attempt.ValueKind == JsonValueKind.Object)
                {
                    CheckDate(attempt, "at", attemptsPath.Combine(i));
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
                Errors.Add(new LocatedProblem(
                    JsonPointer.Create("indicatorCatalogueVersion"),
                    "must be a known indicator catalogue version: " + string.Join(", ", IndicatorCatalogue.Versions.Order(StringComparer.Ordinal))));
                return;
            }

            version = declaredVersion;
        }

        if (Child(root, "indicators", JsonValueKind.Array) is not { } indicators)
        {
            return;
        }

        var indicatorsPath = JsonPointer.Create("indicators");
        var i = 0;
        foreach (var indicator in indicators.EnumerateArray())
        {
            if (indicator.ValueKind == JsonValueKind.Object
                && Child(indicator, "code", JsonValueKind.String)?.GetString() is { } code
                && IndicatorCodePattern().IsMatch(code))
            {
                var codePath = indicatorsPath.Combine(i, "code");
                if (IndicatorCatalogue.IsDerived(code))
                {
                    Errors.Add(new LocatedProblem(codePath, "is derived by the system and cannot be declared"));
                }
                else if (!IndicatorCatalogue.IsDeclarable(code, version))
                {
                    Errors.Add(new LocatedProblem(codePath, $"must be a code in indicator catalogue {version}"));
                }
            }

            i++;
        }
    }

    private void CheckPort(JsonElement parent, string property, JsonPointer parentPath)
    {
        if (Child(parent, property, JsonValueKind.String)?.GetString() is not { } code || !UnLocodePattern().IsMatch(code))
        {
            return; // absent, or already reported by the schema
        }

        var path = parentPath.Combine(property);
        if (!CountryCodes.IsCountry(code.AsSpan(0, 2)))
        {
            Errors.Add(new LocatedProblem(path, "must be a UN/LOCODE starting with an ISO 3166 alpha-2 country code"));
        }
        else if (!SeaportList.Contains(code))
        {
            Warn(path, "is not in the seaport reference list", IndicatorCatalogue.PortNotInReferenceList);
        }
    }

    private void CheckPhone(JsonElement parent, string? country, JsonPointer parentPath)
    {
        if (Child(parent, "phone", JsonValueKind.String)?.GetString() is { Length: > 0 } phone && !PhoneNumberCheck.IsValid(phone, country))
        {
            Warn(parentPath.Combine("phone"),
                country is null ? "is not a valid international phone number" : "is not a valid phone number for the party's country",
                IndicatorCatalogue.PhoneNotValidForCountry);
        }
    }

    private void CheckDate(JsonElement parent, string property, JsonPointer parentPath)
    {
        if (Child(parent, property, JsonValueKind.String) is not { } element)
        {
            return;
        }

        var path = parentPath.Combine(property);
        // The contract's date-time format (the schema reports it too; checked here so that no other finding follows a
        // malformed date) and a value .NET can hold: that refuses what RFC 3339 allows but a DateTimeOffset cannot carry
        // (a leap second, a lower-case 't' or 'z', a space for the 'T').
        if (!element.TryGetDateTimeOffset(out var value) || !ContractFormats.IsDateTime(element))
        {
            Errors.Add(new LocatedProblem(path, ReferralSchema.DateTimeMessage));
        }
        else if (value > now + FutureTolerance)
        {
            Errors.Add(new LocatedProblem(path, "must not be more than 5 minutes in the future"));
        }
    }

    private void Warn(JsonPointer path, string message, string code)
    {
        Warnings.Add(new LocatedProblem(path, message));
        Derived.Add((path, code));
    }

    private static JsonElement? Child(JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == kind ? child : null;

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnLocodePattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IndicatorCodePattern();
}
