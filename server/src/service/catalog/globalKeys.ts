/**
 * One-line meanings of the global condition keys, which the catalogue lists with their types but
 * without descriptions. Our own table, from the IAM user guide's "AWS global condition context
 * keys"; a key missing here is shown with the catalogue's type alone.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  'aws:principalarn': "The ARN of the principal that made the request; for a role session, the role's ARN (not the assumed-role session ARN)",
  'aws:principalaccount': 'The account id of the principal that made the request',
  'aws:principalorgpaths': "The AWS Organizations paths of the principal's account (a set)",
  'aws:principalorgid': "The id of the AWS Organizations organization the principal's account belongs to",
  'aws:principaltag/tag-key': 'A tag attached to the principal making the request (the IAM user or role), session tags included',
  'aws:principalisawsservice': '"true" when an AWS service principal makes the request with its own credentials',
  'aws:principalservicename': 'The service principal name (`cloudtrail.amazonaws.com`) of a service making the request with its own credentials',
  'aws:principalservicenameslist': 'Every service principal name of the service making the request (a set)',
  'aws:principaltype': 'The type of principal: Account, User, FederatedUser, AssumedRole or Anonymous',
  'aws:userid': "The principal's unique id; for a role session, `ROLE-ID:SESSION-NAME`",
  'aws:username': 'The friendly name of the IAM user making the request (absent for roles)',
  'aws:assumedroot': '"true" when the request is made with root access taken with sts:AssumeRoot',
  'aws:federatedprovider': 'The identity provider (OIDC or SAML) that issued the token the role session was obtained with',
  'aws:tokenissuetime': 'When the temporary security credentials of the request were issued',
  'aws:multifactorauthage': 'Seconds since the principal authenticated with MFA (absent without MFA)',
  'aws:multifactorauthpresent': '"true" when the temporary credentials were obtained with MFA',
  'aws:ec2instancesourcevpc': 'The VPC of the EC2 instance whose role credentials make the request',
  'aws:ec2instancesourceprivateipv4': 'The primary private IPv4 address of the EC2 instance whose role credentials make the request',
  'aws:sourceidentity': 'The source identity set when the role was assumed (sts:SetSourceIdentity)',
  'ec2:roledelivery': 'The version of the EC2 instance metadata service that delivered the role credentials (1.0 or 2.0)',
  'ec2:sourceinstancearn': 'The ARN of the EC2 instance whose role credentials make the request',
  'lambda:sourcefunctionarn': 'The ARN of the Lambda function whose execution role credentials make the request',
  'ssm:sourceinstancearn': 'The ARN of the Systems Manager managed instance whose credentials make the request',
  'aws:sourceip': 'The public IP address the request comes from (requests through a VPC endpoint carry aws:VpcSourceIp instead)',
  'aws:sourcevpc': 'The VPC a request through a VPC endpoint comes from',
  'aws:sourcevpcarn': 'The ARN of the VPC a request through a VPC endpoint comes from',
  'aws:sourcevpce': 'The id of the VPC endpoint the request comes through',
  'aws:vpceaccount': 'The account that owns the VPC endpoint the request comes through',
  'aws:vpceorgpaths': 'The AWS Organizations path of the account owning the VPC endpoint the request comes through',
  'aws:vpceorgid': 'The organization id of the account owning the VPC endpoint the request comes through',
  'aws:vpcsourceip': 'The IP address a request through a VPC endpoint comes from',
  'aws:resourceaccount': 'The account id that owns the resource the request acts on',
  'aws:resourceorgid': 'The organization id of the account owning the resource',
  'aws:resourceorgpaths': 'The AWS Organizations path of the account owning the resource',
  'aws:resourcetag/tag-key': 'A tag attached to the resource the request acts on',
  'aws:calledvia': "The services that made the request on the principal's behalf, in order (a set)",
  'aws:calledviafirst': "The first service that made the request on the principal's behalf",
  'aws:calledvialast': "The last service that made the request on the principal's behalf",
  'aws:viaawsservice': '"true" when an AWS service makes the request on the principal\'s behalf',
  'aws:currenttime': 'The date and time of the request',
  'aws:epochtime': 'The date and time of the request, in epoch seconds',
  'aws:referer': 'The HTTP Referer header of the request (set by the client: not a control)',
  'aws:requestedregion': 'The Region the request is sent to',
  'aws:requesttag/tag-key': 'A tag (key and value) passed in the request: to tag a resource being created or tagged, or as a session tag',
  'aws:tagkeys': 'The tag keys passed in the request (a set)',
  'aws:securetransport': '"true" when the request is sent over TLS',
  'aws:sourcearn': 'The ARN of the resource on whose behalf a service makes a service-to-service request (against the confused deputy)',
  'aws:sourceaccount': 'The account of the resource on whose behalf a service makes a service-to-service request',
  'aws:sourceorgpaths': 'The AWS Organizations path of the account on whose behalf a service makes the request',
  'aws:sourceorgid': 'The organization id of the account on whose behalf a service makes the request',
  'aws:useragent': 'The User-Agent header of the request (set by the client: not a control)',
};

/** The meaning of a global key as the catalogue spells it (`aws:RequestTag/tag-key`), if the table has it. */
export function globalKeyMeaning(key: string): string | undefined {
  return MEANINGS[key.toLowerCase()];
}
