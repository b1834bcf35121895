/**
 * The parties of a data pack: every vendor entity. The vendor's own names ("Kaspersky") go to its
 * `self` entity; a vendor with aliases but no `self` entity becomes a party of its own, under the
 * vendor id, so that its names are still screened.
 */
export function collectParties(catalog) {
    const parties = [];
    for (const vendor of catalog.vendors) {
        const entities = vendor.entities ?? [];
        const vendorNames = [vendor.name, ...(vendor.aliases ?? [])];
        const self = entities.find((e) => e.relation === 'self');
        for (const entity of entities) {
            const names = [entity.name, ...entity.aliases, ...(entity === self ? vendorNames : [])];
            parties.push({
                id: entity.id,
                name: entity.name,
                vendorId: vendor.id,
                vendorName: vendor.name,
                kind: entity.kind,
                relation: entity.relation,
                ...(entity.country ? { country: entity.country.toUpperCase() } : {}),
                names: [...new Set(names)],
                addresses: entity.addresses,
                registrations: entity.registrations,
                listedBy: entity.listedBy,
            });
        }
        if (!self && (entities.length || vendor.aliases?.length)) {
            parties.push({
                id: vendor.id,
                name: vendor.name,
                vendorId: vendor.id,
                vendorName: vendor.name,
                kind: 'organization',
                relation: 'self',
                names: [...new Set(vendorNames)],
                addresses: [],
                registrations: [],
                listedBy: [],
            });
        }
    }
    return parties;
}
