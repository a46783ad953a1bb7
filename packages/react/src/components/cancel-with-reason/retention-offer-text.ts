import type { RetentionOffer } from '@plankit/core';
import type { Format } from '../../i18n/create-format';

/** "Stay and get 25% off for 3 months." from the server's offer. */
export function retentionOfferText({ t, percent, money }: Format, offer: RetentionOffer): string {
  const value =
    offer.percentOff !== null
      ? t('offerPercent', { percent: percent(offer.percentOff / 100) })
      : t('offerAmount', { amount: money(offer.amountOff ?? 0, offer.currency ?? 'usd') });
  const duration =
    offer.duration === 'once'
      ? t('offerOnce')
      : offer.duration === 'forever'
        ? t('offerForever')
        : t('offerRepeating', { count: offer.durationInMonths ?? 1 });
  return `${value} ${duration}`;
}
