/** Les parties de la carte `status` venues d'en dessous des dialogues : stockage, sondes, avertissements. */
export const statusDetail = {
  sqlite: 'SQLite, {{mode}}, schéma v{{version}}',
  postgres: 'PostgreSQL {{server}}, schéma v{{version}}, {{open}} connexions ouvertes sur {{max}}',
  name: {
    store: 'Stockage',
    model: 'Modèle',
    modelOf: 'Modèle : {{target}}',
  },
  target: {
    workspace: 'espace de travail Databricks',
    openAICompatible: 'compatible OpenAI',
    openAICompatibleModel: 'compatible OpenAI, {{model}}',
  },
  notObjectId:
    '{{variable}} : « {{id}} » n’est pas un ID d’objet Entra, donc personne n’y correspond. Utilisez la forme GUID, par ex. 00000000-0000-0000-0000-000000000000 (`whoami` affiche l’ID d’un utilisateur).',
};
