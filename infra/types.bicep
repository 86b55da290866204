// ====================================================================================================================
// Types shared by main.bicep and the modules.
// ====================================================================================================================

metadata description = 'User-defined types of the referral system templates.'

@export()
@description('Resource tags: names to string values.')
type tagMap = {
  *: string
}

@export()
@description('A partner agency that receives the referrals relevant to it on its own Service Bus subscription.')
type agency = {
  @description('Stable code of the agency; names its subscription and is matched by the `agency` message property.')
  @minLength(1)
  @maxLength(50)
  code: string

  @description('Display name of the agency.')
  name: string

  @description('True when the agency is outside the country (offshore partners get a narrower share).')
  offshore: bool

  @description('Referral categories the agency receives; ["*"] means all.')
  categories: string[]

  @description('Ports (UN/LOCODE) the agency covers; ["*"] means all.')
  ports: string[]

  @description('Referral priorities the agency is notified of.')
  priorities: string[]
}
