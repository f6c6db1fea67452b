"""Initial schema: stories, consent, media, staff, taxonomy and the audit trail.

Revision ID: 1777e8ccaff1
Revises: 
Create Date: 2026-11-21 02:45:56.631491

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1777e8ccaff1'
down_revision = None
branch_labels = None
depends_on = None


# Audit events and consent events may only ever be added: the database refuses the rest.
APPEND_ONLY_TABLES = ("audit_events", "consent_events")


def create_append_only_triggers():
    bind = op.get_bind()
    for table in APPEND_ONLY_TABLES:
        if bind.dialect.name == "postgresql":
            op.execute(
                f"""
                CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION '{table} is append-only';
                END;
                $$ LANGUAGE plpgsql
                """
            )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )
        else:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def drop_append_only_triggers():
    bind = op.get_bind()
    for table in APPEND_ONLY_TABLES:
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        else:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def upgrade():
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_campaigns_window')),
    sa.CheckConstraint('length(slug) between 1 and 80', name=op.f('ck_campaigns_slug_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('slug', name=op.f('uq_campaigns_slug'))
    )
    op.create_table('consent_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('effective_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(body_sha256) = 64', name=op.f('ck_consent_texts_hash_length')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_consent_texts_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_texts')),
    sa.UniqueConstraint('version', 'language', name=op.f('uq_consent_texts_version_language'))
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('translator', 'moderator', 'admin', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('totp_secret', sa.Text(), nullable=True),
    sa.Column('totp_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('totp_last_step', sa.Integer(), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('is_disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_staff_users_email_lower_case')),
    sa.CheckConstraint('session_version >= 1', name=op.f('ck_staff_users_session_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_users_email'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(slug) between 1 and 80', name=op.f('ck_themes_slug_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('slug', name=op.f('uq_themes_slug'))
    )
    op.create_table('campaign_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_texts_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_texts')),
    sa.UniqueConstraint('campaign_id', 'locale', name=op.f('uq_campaign_texts_campaign_id_locale'))
    )
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('state', sa.Enum('submitted', 'in_review', 'changes_requested', 'published', 'unpublished', 'declined', 'withdrawn', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('story_language', sa.String(length=35), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('original_text', sa.Text(), nullable=True),
    sa.Column('storyteller_name', sa.Text(), nullable=True),
    sa.Column('contact_email', sa.Text(), nullable=True),
    sa.Column('contact_phone', sa.Text(), nullable=True),
    sa.Column('region', sa.String(length=2), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('claim_code_hash', sa.String(length=128), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name=op.f('ck_stories_withdrawn_has_time')),
    sa.CheckConstraint("state = 'withdrawn' OR original_text IS NOT NULL", name=op.f('ck_stories_text_until_withdrawn')),
    sa.CheckConstraint("state NOT IN ('published', 'unpublished') OR published_at IS NOT NULL", name=op.f('ck_stories_published_has_time')),
    sa.CheckConstraint('length(story_language) BETWEEN 2 AND 35', name=op.f('ck_stories_language_tag')),
    sa.CheckConstraint('region IS NULL OR length(region) = 2', name=op.f('ck_stories_region_code')),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['staff_users.id'], name=op.f('fk_stories_assigned_to_id_staff_users')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_stories_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories')),
    sa.UniqueConstraint('claim_code_hash', name=op.f('uq_stories_claim_code_hash')),
    sa.UniqueConstraint('public_id', name=op.f('uq_stories_public_id')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_stories_submission_key'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_region'), ['region'], unique=False)
        batch_op.create_index('ix_stories_state_published_at', ['state', 'published_at'], unique=False)
        batch_op.create_index('ix_stories_state_submitted_at', ['state', 'submitted_at'], unique=False)

    op.create_table('theme_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_names_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_names')),
    sa.UniqueConstraint('theme_id', 'locale', name=op.f('uq_theme_names_theme_id_locale'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_kind', sa.Enum('staff', 'storyteller', 'system', name='actor_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=True),
    sa.Column('to_state', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.CheckConstraint("actor_kind != 'staff' OR actor_id IS NOT NULL", name=op.f('ck_audit_events_staff_is_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_users.id'], name=op.f('fk_audit_events_actor_id_staff_users')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_audit_events_story_id_stories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_events_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_story_id'), ['story_id'], unique=False)

    op.create_table('consent_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('consent_text_id', sa.Integer(), nullable=False),
    sa.Column('text_version', sa.Integer(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('language_shown', sa.String(length=16), nullable=False),
    sa.Column('language_requested', sa.String(length=16), nullable=False),
    sa.Column('scopes_given', sa.String(length=120), nullable=False),
    sa.Column('attribution', sa.Enum('full_name', 'first_name', 'initials', 'pen_name', 'anonymous', name='attribution', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('shown_name', sa.Text(), nullable=True),
    sa.Column('method', sa.Enum('online', 'assisted', 'paper', name='method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('age_confirmed', sa.Boolean(), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('current_scopes', sa.String(length=120), nullable=False),
    sa.CheckConstraint("method != 'assisted' OR recorded_by_id IS NOT NULL", name=op.f('ck_consent_records_assisted_has_staff')),
    sa.CheckConstraint('age_confirmed', name=op.f('ck_consent_records_age_confirmed')),
    sa.CheckConstraint('length(text_sha256) = 64', name=op.f('ck_consent_records_hash_length')),
    sa.ForeignKeyConstraint(['consent_text_id'], ['consent_texts.id'], name=op.f('fk_consent_records_consent_text_id_consent_texts')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_users.id'], name=op.f('fk_consent_records_recorded_by_id_staff_users')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_consent_records_story_id_stories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_records_story_id'), ['story_id'], unique=False)
        batch_op.create_index('uq_consent_records_current_story', ['story_id'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.create_table('media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('photo', 'audio', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('byte_size > 0 AND byte_size <= 26214400', name=op.f('ck_media_byte_size_range')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_media_checksum_length')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_media_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media')),
    sa.UniqueConstraint('public_id', name=op.f('uq_media_public_id'))
    )
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_story_id'), ['story_id'], unique=False)

    op.create_table('publishable_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_publishable_revisions_number_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'], name=op.f('fk_publishable_revisions_created_by_id_staff_users')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_publishable_revisions_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publishable_revisions')),
    sa.UniqueConstraint('story_id', 'number', name=op.f('uq_publishable_revisions_story_id_number'))
    )
    op.create_table('story_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.Enum('moderator', 'storyteller', name='author', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("author = 'storyteller' OR staff_user_id IS NOT NULL", name=op.f('ck_story_messages_moderator_is_known')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], name=op.f('fk_story_messages_staff_user_id_staff_users')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_messages_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_messages'))
    )
    with op.batch_alter_table('story_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_messages_story_id'), ['story_id'], unique=False)

    op.create_table('story_themes',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_themes_story_id_stories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_story_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'theme_id', name=op.f('pk_story_themes'))
    )
    op.create_table('story_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('review_state', sa.Enum('draft', 'in_review', 'approved', 'rejected', name='review_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('is_machine', sa.Boolean(), nullable=False),
    sa.Column('translator_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('source_revision_number', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("review_state != 'approved' OR reviewed_by_id IS NOT NULL", name=op.f('ck_story_translations_approved_has_reviewer')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['staff_users.id'], name=op.f('fk_story_translations_reviewed_by_id_staff_users')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_translations_story_id_stories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['translator_id'], ['staff_users.id'], name=op.f('fk_story_translations_translator_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_translations')),
    sa.UniqueConstraint('story_id', 'language', name=op.f('uq_story_translations_story_id_language'))
    )
    op.create_table('consent_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consent_record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('given', 'narrowed', 'withdrawn', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('scopes', sa.String(length=120), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind != 'withdrawn' OR scopes = ''", name=op.f('ck_consent_events_withdrawn_has_no_scopes')),
    sa.ForeignKeyConstraint(['consent_record_id'], ['consent_records.id'], name=op.f('fk_consent_events_consent_record_id_consent_records')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], name=op.f('fk_consent_events_staff_user_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_events'))
    )
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_events_consent_record_id'), ['consent_record_id'], unique=False)


    create_append_only_triggers()


def downgrade():
    drop_append_only_triggers()
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_events_consent_record_id'))

    op.drop_table('consent_events')
    op.drop_table('story_translations')
    op.drop_table('story_themes')
    with op.batch_alter_table('story_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_messages_story_id'))

    op.drop_table('story_messages')
    op.drop_table('publishable_revisions')
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_story_id'))

    op.drop_table('media')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('uq_consent_records_current_story', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))
        batch_op.drop_index(batch_op.f('ix_consent_records_story_id'))

    op.drop_table('consent_records')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_story_id'))
        batch_op.drop_index('ix_audit_events_occurred_at')
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('theme_names')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index('ix_stories_state_submitted_at')
        batch_op.drop_index('ix_stories_state_published_at')
        batch_op.drop_index(batch_op.f('ix_stories_region'))
        batch_op.drop_index(batch_op.f('ix_stories_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_stories_assigned_to_id'))

    op.drop_table('stories')
    op.drop_table('campaign_texts')
    op.drop_table('themes')
    op.drop_table('staff_users')
    op.drop_table('consent_texts')
    op.drop_table('campaigns')
