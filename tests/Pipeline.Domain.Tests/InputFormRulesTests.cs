using System.Text.Json;
using Pipeline.Domain.Contacts;
using Pipeline.Domain.Dispatch;
using Pipeline.Domain.Land;
using Pipeline.Domain.Projects;

namespace Pipeline.Domain.Tests;

public class InputFormRulesTests
{
    [Theory]
    [InlineData("13912345678", true)]
    [InlineData("+86 13912345678", true)]
    [InlineData("19900001111", true)]
    [InlineData("0571-88888888", true)]
    [InlineData("010-12345678", true)]
    [InlineData("057188888888", true)]
    [InlineData("0571-8888888-123", true)]
    [InlineData("12912345678", false)]
    [InlineData("1391234567", false)]
    [InlineData("88888888", false)]
    [InlineData("571-88888888", false)]
    [InlineData("abc", false)]
    public void PhoneNumbers_MobileOrLandlineWithAreaCode_Valid(string number, bool valid)
    {
        Assert.Equal(valid, PhoneNumbers.IsValid(number));
        Assert.Equal(valid, PhoneNumbers.Problem(number) is null);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[117.1,36.6],[117.2,36.6],[117.2,36.7],[117.1,36.6]]]}""", true)]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[117.1,36.6],[117.2,36.6],[117.2,36.7],[117.1,36.6]]],[[[118,36],[118.1,36],[118.1,36.1],[118,36]]]]}""", true)]
    [InlineData("""{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,-90]]]}""", true)]
    [InlineData("""{"type":"Polygon","coordinates":"nonsense"}""", false)]
    [InlineData("""{"type":"Polygon"}""", false)]
    [InlineData("""{"type":"Feature","coordinates":[]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[[[117.1,36.6],[117.2,36.6],[117.1,36.6]]]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[[[117.1,36.6],[117.2,36.6],[117.2,36.7],[117.3,36.6]]]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[[[180.5,36.6],[117.2,36.6],[117.2,36.7],[180.5,36.6]]]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[[[117.1,90.1],[117.2,36.6],[117.2,36.7],[117.1,90.1]]]}""", false)]
    [InlineData("""{"type":"Polygon","coordinates":[[[117.1,"36.6"],[117.2,36.6],[117.2,36.7],[117.1,"36.6"]]]}""", false)]
    [InlineData("""[1,2]""", false)]
    public void Outlines_PolygonOrMultiPolygonClosedRingsInRange_Valid(string json, bool valid)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(valid, Outlines.Problem(document.RootElement) is null);
    }

    [Theory]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("2026-01", 2026, 1)]
    [InlineData("2026-12-15", 2026, 12)]
    public void ParseMonthOrDay_MonthOrDate_FirstDayOfTheMonth(string text, int year, int month) =>
        Assert.Equal(new DateOnly(year, month, 1), MonthlyUpdates.ParseMonthOrDay(text));

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026/12")]
    [InlineData("202612")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseMonthOrDay_NotAMonth_Null(string? text) => Assert.Null(MonthlyUpdates.ParseMonthOrDay(text));

    [Fact]
    public void FunnelSteps_ReviewPassedAfterPreReview_NamedAndWithinPreReview()
    {
        Assert.Equal([FunnelStep.PreReview, FunnelStep.ReviewPassed, FunnelStep.Signed], Enum.GetValues<FunnelStep>().Skip(1).Take(3));
        Assert.Equal(("预审", "过会"), (FunnelStep.PreReview.Chinese(), FunnelStep.ReviewPassed.Chinese()));
        Assert.Equal(Stage.PreReview, FunnelStep.ReviewPassed.StageOf());
    }
}
