# Dev Team A's IRSA role: only the ServiceAccount team-a/dev-team-a-sa may assume it. The provider
# is written out (not aws_iam_openid_connect_provider.eks.arn) so that the trust can be checked.
resource "aws_iam_role" "dev_team_a" {
  name = "DevTeamATfRole"
  path = "/dev-teams/"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::777788889999:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:team-a:dev-team-a-sa"
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# Manages the objects of the team's bucket, and nothing else.
resource "aws_iam_role_policy" "dev_team_a" {
  name = "DevTeamAPolicy"
  role = aws_iam_role.dev_team_a.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ManageTeamObjects"
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]
      Resource = "arn:aws:s3:::example-bucket-777788889999/*"
    }]
  })
}
