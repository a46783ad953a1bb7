/** Subscription (and customer) metadata key remembering the retention offer: "offered", then "accepted". */
export const retentionMetadataKey = 'plankit_retention';
