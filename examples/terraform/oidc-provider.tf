# The dev cluster's OIDC issuer as an IAM provider of account 777788889999. Trust policies of the
# workspace must name this provider (LINK_PROVIDER_NOT_CLUSTER otherwise).
resource "aws_iam_openid_connect_provider" "eks" {
  url             = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}
