using Pipeline.Domain.Accounts;

namespace Pipeline.Domain.Tests;

public class AccountRulesTests
{
    [Theory]
    [InlineData("Abcdefg1")]
    [InlineData("abcdefg1!")]
    [InlineData("ABCDEFG1!")]
    [InlineData("Abcdefgh!")]
    public void PasswordPolicy_EightCharactersWithThreeKinds_Accepted(string password) => Assert.Null(PasswordPolicy.Problem(password));

    [Fact]
    public void PasswordPolicy_SevenCharacters_RefusedForLength() =>
        Assert.Equal("密码至少 8 个字符。", PasswordPolicy.Problem("Abcde1!"));

    [Theory]
    [InlineData("abcdefgh1")]
    [InlineData("ABCDEFGH!")]
    [InlineData("12345678a")]
    public void PasswordPolicy_OnlyTwoKinds_Refused(string password) =>
        Assert.Contains("三类", PasswordPolicy.Problem(password));

    [Fact]
    public void Roles_ParseAndNames_RoundTripKnownRolesAndIgnoreUnknown()
    {
        var roles = Roles.Parse(["staff", "leader", "mayor"]);

        Assert.Equal(Role.Staff | Role.Leader, roles);
        Assert.Equal(["staff", "leader"], Roles.Names(roles));
    }
}
